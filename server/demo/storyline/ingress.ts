import type { Plan } from "./plan";
import { around, MINUTE, SECOND, tell } from "./story";

/** Before kick-off: queue pressure at Wembley Park and on Olympic Way, a lost child, tailgating at H/J. */
export function ingressStories(plan: Plan): void {
  const at = (time: string, spread?: number) => around(plan, time, spread);

  tell(plan, "ingress-wp", plan.t("18:30"), (s) => {
    const r1 = s.report(
      at("18:31"),
      "crowd-surge",
      "post-wp-queue-pen-1",
      "Pen 1 full and still filling from the gateline. Pushing at the front barrier, a few climbing over it.",
    );
    const inc = s.promote(r1.at + 70 * SECOND, r1, "I", {
      placeId: "post-wp-queue-pen-1",
      description: "Crowd pressure in Wembley Park queue pen 1: pen at capacity, barrier climbing. Crush risk at the front barrier.",
    });
    const btp = s.assign(inc.at + 20 * SECOND, inc, ["btp"], { prefer: "btp-7", hold: 75 * MINUTE });
    s.assign(inc.at + 40 * SECOND, inc, ["serial"], { prefer: "psu-14a", hold: 75 * MINUTE });
    const r2 = s.report(
      at("18:37"),
      "crowd-surge",
      "post-wp-queue-pen-2",
      "Pen 2 backing up onto Bridge Road, people walking in the road to get round.",
    );
    s.merge(r2.at + 50 * SECOND, r2, inc);
    const r3 = s.report(
      at("18:40"),
      "crowd-surge",
      "post-bridge-road",
      "Crowd spilling into the road at the Bridge Road crossing, buses stopped.",
      { witness: true },
    );
    s.merge(r3.at + 40 * SECOND, r3, inc);
    s.decision(
      at("18:44"),
      "Hold the queues at Wembley Park: close the inbound pens to new arrivals and release onto Olympic Way in controlled blocks of about three minutes.",
      "Pens 1 and 2 at capacity with barrier climbing and a spill onto Bridge Road (three steward reports in ten minutes); BTP report the platforms still filling. Holding at the station keeps density on the approach below crush risk, and TfL can hold trains upstream.",
    );
    s.alert(
      at("18:45"),
      "stewards",
      "wembley-park-station",
      "warning",
      "Queue hold in force at Wembley Park. Direct arrivals into pens 1 and 2 and keep the Bridge Road crossing clear. Release in blocks on police instruction only.",
    );
    s.alert(at("18:46"), "units", null, "info", "Silver: queue hold at Wembley Park from 18:45. BTP 7 and 14A managing the pens.");
    s.note(at("18:53"), inc, "TfL holding Jubilee line trains at Neasden for two minutes to ease the platforms.", { by: btp });
    const r4 = s.report(
      at("19:02"),
      "crowd-surge",
      "post-wp-gateline",
      "Gateline congested again, station staff closing the gates every few minutes.",
    );
    s.merge(r4.at + 60 * SECOND, r4, inc);
    s.note(at("19:16"), inc, "Pens emptying steadily; blocks now released every two minutes.");
    s.decision(
      at("19:37"),
      "Release the queue hold at Wembley Park; return to free flow.",
      "Pens below half capacity since 19:30, most ticket holders inside before kick-off, and Olympic Way density normal at checkpoint North.",
    );
    s.alert(at("19:38"), "stewards", "wembley-park-station", "info", "Queue hold at Wembley Park released: free flow. Thank you.");
    s.finish(inc, at("19:40"), "Queue hold managed without injury; pens back to free flow at 19:40.");
  });

  tell(plan, "ingress-ow", plan.t("18:48"), (s) => {
    const r1 = s.report(
      at("18:48"),
      "crowd-surge",
      "post-ow-north",
      "Olympic Way very dense at checkpoint North, crowd surging forward each time the pens release.",
    );
    const inc = s.promote(r1.at + 45 * SECOND, r1, "S", { placeId: "post-ow-north" });
    const mounted = s.assign(inc.at + 30 * SECOND, inc, ["mounted"], { prefer: "mounted-2", hold: 50 * MINUTE });
    const r2 = s.report(
      at("18:56"),
      "crowd-surge",
      "post-ow-engineers-way",
      "Pinch point at Engineers Way: fans stopping to film the arch and the crowd backing up behind them.",
    );
    s.merge(r2.at + 40 * SECOND, r2, inc);
    s.grade(r2.at + 60 * SECOND, inc, "I");
    s.assign(r2.at + 75 * SECOND, inc, ["serial"], { prefer: "psu-12b", hold: 40 * MINUTE });
    s.alert(
      at("19:00"),
      "stewards",
      "olympic-way",
      "warning",
      "Keep Olympic Way moving: no stopping at Engineers Way. Use the loudhailer messages.",
    );
    s.note(at("19:06"), inc, "Mounted 2 holding a line at Engineers Way; the crowd is moving again in blocks.", { by: mounted });
    const r3 = s.report(at("19:12"), "crowd-surge", "post-ow-boxpark", "Queue for Boxpark blocking half of Olympic Way.", {
      witness: true,
    });
    s.merge(r3.at + 45 * SECOND, r3, inc);
    s.finish(inc, at("19:34"), "Density reduced; Mounted 2 and 12B kept the crowd moving, no injuries.");
  });

  tell(plan, "lost-child", plan.t("18:50"), (s) => {
    const r1 = s.report(
      at("18:50"),
      "lost-child",
      "post-ow-boxpark",
      "Boy about 7, blue England shirt and red bobble hat, separated from his dad outside Boxpark. Dad is with me.",
    );
    const inc = s.promote(r1.at + 40 * SECOND, r1, "I", {
      placeId: "post-ow-boxpark",
      description:
        "Lost child: boy aged 7, blue England home shirt, red bobble hat, last seen outside Boxpark Wembley about 18:45. Father waiting at checkpoint Boxpark.",
    });
    s.alert(
      inc.at + 50 * SECOND,
      "all",
      null,
      "urgent",
      "LOST CHILD: boy aged 7, blue England shirt, red bobble hat, last seen outside Boxpark about 18:45. If found, keep him with you and call control.",
    );
    const unit = s.assign(inc.at + 30 * SECOND, inc, ["serial"], { prefer: "psu-12a", hold: 35 * MINUTE });
    s.note(at("19:01"), inc, "Searching Olympic Way between Boxpark and the steps; CCTV checking the Olympic Way cameras.", { by: unit });
    const r2 = s.report(
      at("19:09"),
      "lost-child",
      "post-steps-bottom",
      "Boy matching the description found at the bottom of the steps. He is safe and staying with me.",
    );
    s.merge(r2.at + 30 * SECOND, r2, inc);
    const r3 = s.report(at("19:11"), "lost-child", "post-ts-bobby-moore", "Think the missing boy is by the Bobby Moore turnstiles?", {
      witness: true,
    });
    s.dismiss(r3.at + 60 * SECOND, r3, "Duplicate: the child was already found at the bottom of the steps.");
    const closed = s.finish(inc, at("19:15"), "Child reunited with his father at checkpoint Boxpark. No injuries.", 3 * MINUTE);
    s.alert(closed - MINUTE, "all", null, "info", "The lost child from Boxpark is safe and with his father. Stand down.");
  });

  tell(plan, "ticketless-hj", plan.t("19:17"), (s) => {
    const r1 = s.report(
      at("19:18", 20),
      "ticketless-entry",
      "post-ts-entrance-h",
      "Group of 20 to 30 without tickets at Entrance H, trying to tailgate through the turnstiles behind ticket holders.",
    );
    const inc = s.promote(r1.at + 35 * SECOND, r1, "I", {
      placeId: "post-ts-entrance-h",
      description: "Ticketless group (20–30, mixed colours) tailgating at the Entrance H turnstiles; more gathering on the west concourse.",
    });
    const first = s.assign(inc.at + 20 * SECOND, inc, ["serial"], { prefer: "psu-14b", hold: 45 * MINUTE });
    const second = s.assign(inc.at + 40 * SECOND, inc, ["serial"], { prefer: "psu-14c", hold: 45 * MINUTE });
    const dog = s.assign(inc.at + 90 * SECOND, inc, ["dogs"], { prefer: "dog-6", hold: 30 * MINUTE });
    const witnesses: [string, string, "ticketless-entry" | "gate-breach" | "assault-on-staff"][] = [
      ["post-ts-entrance-j", "Same group moving along to Entrance J and pushing at the exit gate.", "gate-breach"],
      ["club-wembley-west", "Lads without tickets trying the Club Wembley West doors.", "ticketless-entry"],
      ["post-block-124", "People without tickets sitting in the gangway of block 124, more coming up the stairs.", "ticketless-entry"],
      ["post-ts-entrance-j", "Gate J pushed open, 6 to 8 got through before we shut it. Steward knocked over.", "assault-on-staff"],
    ];
    witnesses.forEach(([place, text, type], i) => {
      const r = s.report(r1.at + (90 + i * 80 + plan.rng.int(0, 40)) * SECOND, type, place, text, {
        witness: place === "club-wembley-west" || i === 2,
      });
      s.merge(r.at + plan.rng.int(25, 80) * SECOND, r, inc);
    });
    s.decision(
      at("19:25"),
      "Close Entrance J for ten minutes and redirect ticket holders to Entrance H; PSU 14 to hold a line on the west concourse.",
      "Five steward reports in six minutes of a ticketless group tailgating at H and J and the exit gate at J forced. The lesson of the Euro 2020 final: visible police at the gates before the crowd builds. Redirecting to H keeps ticket holders moving.",
    );
    s.alert(
      at("19:26"),
      "stewards",
      "stadium-west",
      "urgent",
      "Entrance J CLOSED for ten minutes: redirect ticket holders to Entrance H. Do not engage the ticketless group; police are on the concourse.",
    );
    s.note(
      at("19:31"),
      inc,
      "2 arrested for public order offences after forcing gate J; 1 arrested for assaulting a steward. Taken to the PSU 14 carrier.",
      { by: first },
    );
    s.note(at("19:36"), inc, "About 40 turned away and walked towards Wembley Park.", { by: second });
    s.alert(at("19:36"), "stewards", "stadium-west", "info", "Entrance J reopened. Police remain on the west concourse.");
    s.release(at("19:42"), inc, dog);
    s.finish(inc, at("19:52"), "Ticketless group dispersed: 3 arrests, about 40 turned away; Entrance J reopened at 19:36.");
  });
}
