import type { IncidentType } from "../../../shared/domain";
import type { Plan } from "./plan";
import { around, type IncidentHandle, MINUTE, SECOND, type Story, tell } from "./story";

/** After the final whistle: concourse disorder, queue holds at Wembley Park, a fight on White Horse Bridge. */
export function egressStories(plan: Plan): void {
  const at = (time: string, spread?: number) => around(plan, time, spread);
  const witnesses = (s: Story, inc: IncidentHandle, from: number, list: readonly [string, IncidentType, string][]) => {
    list.forEach(([place, type, text], i) => {
      const r = s.report(from + (i * 45 + plan.rng.int(10, 45)) * SECOND, type, place, text, { witness: true });
      s.merge(r.at + plan.rng.int(20, 70) * SECOND, r, inc);
    });
  };

  tell(plan, "ft-disorder", plan.t("21:37"), (s) => {
    const r1 = s.report(
      at("21:37"),
      "disorder",
      "post-block-101",
      "Fighting on the concourse behind block 101 as fans leave, England fans against a few in Italy shirts.",
    );
    const inc = s.promote(r1.at + 30 * SECOND, r1, "I", { placeId: "post-block-101" });
    s.assign(inc.at + 15 * SECOND, inc, ["serial"], { prefer: "psu-12c", hold: 25 * MINUTE });
    s.assign(inc.at + 30 * SECOND, inc, ["serial"], { prefer: "psu-23b", hold: 25 * MINUTE });
    witnesses(s, inc, r1.at, [
      ["post-ts-bobby-moore", "disorder", "Group running through the Bobby Moore turnstiles after a fight inside."],
      ["post-steps-top", "missile", "Bottles thrown down the steps from the concourse."],
    ]);
    s.note(at("21:49"), inc, "2 arrested for affray; the Italy fans escorted to the away coaches.");
    s.finish(inc, at("21:57"), "Disorder dispersed: 2 arrests, away fans escorted to the coach park.");
  });

  tell(plan, "egress-wp", plan.t("21:40"), (s) => {
    const r1 = s.report(
      at("21:41"),
      "crowd-surge",
      "post-wp-queue-pen-2",
      "Pens full again and trains delayed, crowd pushing at the front barrier.",
    );
    const inc = s.promote(r1.at + 40 * SECOND, r1, "I", { placeId: "post-wp-queue-pen-2" });
    s.assign(inc.at + 20 * SECOND, inc, ["btp"], { prefer: "btp-7", hold: 55 * MINUTE });
    const mounted = s.assign(inc.at + 30 * SECOND, inc, ["mounted"], { prefer: "mounted-2", hold: 55 * MINUTE });
    s.assign(inc.at + 45 * SECOND, inc, ["serial"], { prefer: "psu-14a", hold: 55 * MINUTE });
    s.assign(inc.at + 60 * SECOND, inc, ["serial"], { prefer: "psu-23c", hold: 55 * MINUTE });
    s.decision(
      at("21:44"),
      "Hold the queues at Wembley Park and release from Olympic Way in blocks; Mounted 2 to form the line at checkpoint North. Direct fans to Wembley Stadium and Wembley Central stations.",
      "Jubilee line on a reduced service after a signal fault (TfL, 21:40); pens full with pushing at the front barrier. A held line at checkpoint North keeps the station approach below crush density; the other two stations have capacity.",
      {
        information:
          "TfL: Jubilee line on a reduced service (signal fault, 21:40). BTP 7 and stewards at pen 2: pens full, pushing at the front barrier.",
        risk: "Crush at the pen 2 barrier if Olympic Way keeps feeding the station; fans turning on the line if held too long.",
        powers: "Common law duty to protect life; the Wembley Park station queueing plan (held and released in blocks with BTP).",
        options: [
          "Hold at checkpoint North and release in blocks",
          "Close Wembley Park and send everyone to Wembley Stadium station",
          "Carry on and let the pens absorb it",
        ],
        action:
          "Mounted 2 forms the line at checkpoint North; stewards hold and release on the police signal; PA and signs point to the other stations.",
        review: "With BTP at 21:55, and when TfL restores the Jubilee line service.",
      },
    );
    // An ETHANE report to the partners (LAS, TfL, BTP): below the major-incident threshold, then updated.
    const ethane = (casualties: { p2: number; p3: number; text: string }, ambulancePresent: boolean) => ({
      major: false,
      location: { at: inc.location, text: "Wembley Park station, queue pen 2 front barrier" },
      type: "Crowd pressure at the station queue pens during egress",
      hazards: "Crush risk at the pen 2 barrier; Jubilee line on a reduced service; crowd agitated by the hold.",
      access: { routes: "Bridge Road from the north for vehicles; Olympic Way closed to traffic.", rvpIds: ["rvp-north"] },
      casualties: { counts: { fatal: 0, p1: 0, p2: casualties.p2, p3: casualties.p3 }, text: casualties.text },
      services: {
        police: { present: true, required: true },
        ambulance: { present: ambulancePresent, required: true },
        fire: { present: false, required: false },
        other: { present: true, required: false },
        text: "BTP and TfL station staff on the gateline; LAS cycle responders asked for at the pens.",
      },
    });
    s.methane(at("21:46"), inc, ethane({ p2: 0, p3: 2, text: "Two fans feeling faint at the front barrier." }, false));
    s.methane(at("21:56"), inc, ethane({ p2: 1, p3: 3, text: "One fan with a crush injury to the chest, with LAS at pen 2." }, true));
    s.alert(
      at("21:45"),
      "stewards",
      "olympic-way",
      "warning",
      "Queue hold: stop fans at checkpoint North and release in blocks on the police signal.",
    );
    s.alert(
      at("21:45"),
      "stewards",
      "wembley-park-station",
      "warning",
      "Queue hold at Wembley Park: pens full, no further entry until released.",
    );
    s.alert(
      at("21:47"),
      "all",
      null,
      "info",
      "Wembley Park queues held. Wembley Stadium and Wembley Central stations are open with short queues: direct fans there.",
    );
    witnesses(s, inc, r1.at + 2 * MINUTE, [
      ["post-ow-north", "crowd-surge", "Crowd pressing against the line at checkpoint North, children at the front."],
      ["post-wp-gateline", "crowd-surge", "Gateline closed by station staff, people climbing the barriers to the platforms."],
      ["post-bridge-road", "crowd-surge", "Fans walking in Bridge Road to get round the pens."],
    ]);
    s.note(at("22:02"), inc, "Line at checkpoint North holding; releasing about 800 people every four minutes.", { by: mounted });
    s.decision(
      at("22:19"),
      "Release the queue hold at Wembley Park.",
      "Jubilee line back to a full service since 22:05 and the pens below half capacity.",
    );
    s.alert(at("22:20"), "stewards", "olympic-way", "info", "Queue hold released: let fans walk on to Wembley Park.");
    s.finish(inc, at("22:28"), "Egress at Wembley Park managed with holds from 21:45 to 22:20; no injuries.");
  });

  tell(plan, "whb-fight", plan.t("21:54"), (s) => {
    const r1 = s.report(
      at("21:55"),
      "disorder",
      "post-whb-stadium-end",
      "Fight on White Horse Bridge between England and Italy fans, about 20 involved, bottles thrown.",
    );
    const inc = s.promote(r1.at + 20 * SECOND, r1, "I", { placeId: "post-whb-stadium-end" });
    const serial = s.assign(inc.at + 10 * SECOND, inc, ["serial"], { prefer: "psu-21a", hold: 30 * MINUTE });
    s.assign(inc.at + 25 * SECOND, inc, ["mounted"], { prefer: "mounted-3", hold: 30 * MINUTE });
    s.assign(inc.at + 40 * SECOND, inc, ["btp"], { prefer: "btp-8", hold: 30 * MINUTE });
    s.assign(inc.at + 60 * SECOND, inc, ["response"], { prefer: "qk-14", hold: 30 * MINUTE });
    s.alert(
      inc.at + 45 * SECOND,
      "stewards",
      "white-horse-bridge",
      "urgent",
      "Disorder on White Horse Bridge: hold fans at the stadium end until police clear the bridge.",
    );
    witnesses(s, inc, r1.at, [
      ["post-whb-station-end", "disorder", "Big fight on the bridge by the station steps, people falling."],
      ["post-wss-queue-pen", "missile", "Bottles thrown into the station queue from the bridge."],
      ["post-wembley-triangle", "disorder", "Group of Italy fans being chased off the bridge towards the Triangle."],
      ["post-whb-station-end", "medical", "Man on the ground on the bridge, not moving, bleeding from the head."],
    ]);
    s.assign(r1.at + 4 * MINUTE, inc, ["las"], { prefer: "las-2", hold: 30 * MINUTE });
    s.note(at("22:06"), inc, "5 arrested for violent disorder; one man with a head injury treated by LAS.", { by: serial });
    s.finish(inc, at("22:16"), "5 arrests for violent disorder; one casualty to hospital; bridge reopened 22:12.");
  });

  tell(plan, "stand-down", plan.t("22:38"), (s) => {
    s.decision(
      at("22:38"),
      "Stand down PSU 25 and Drone 1; other units stay on until the stations are clear.",
      "Wembley Central queues cleared by 22:30 and the car parks nearly empty; Wembley Park and White Horse Bridge still busy.",
    );
    for (const id of ["psu-25", "psu-25a", "psu-25b", "psu-25c", "drone-1"]) {
      if (plan.input.units.some((u) => u.unitId === id) && plan.isFree(id, plan.t("22:40"), plan.t("23:00"))) {
        s.status(at("22:41", 120), id, "off-duty");
        plan.reserve(id, plan.t("22:40"));
      }
    }
    s.alert(at("22:42"), "units", null, "info", "Silver: PSU 25 and Drone 1 stood down. Thank you.");
  });
}
