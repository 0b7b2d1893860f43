import type { IncidentType } from "../../../shared/domain";
import type { Plan } from "./plan";
import { around, type IncidentHandle, MINUTE, SECOND, type Story, tell } from "./story";

/** During the match: flares in the away end, a medical, chanting, a suspicious bag, half-time disorder. */
export function matchStories(plan: Plan): void {
  const at = (time: string, spread?: number) => around(plan, time, spread);

  /** Witness reports from other stewards, each merged into the incident after a short delay. */
  const witnesses = (s: Story, inc: IncidentHandle, from: number, list: readonly [string, IncidentType, string][]) => {
    list.forEach(([place, type, text], i) => {
      const r = s.report(from + (i * 50 + plan.rng.int(10, 50)) * SECOND, type, place, text, { witness: true });
      s.merge(r.at + plan.rng.int(20, 70) * SECOND, r, inc);
    });
  };

  tell(plan, "pyro-ko", plan.t("19:45"), (s) => {
    const r1 = s.report(
      at("19:45:20", 20),
      "pyrotechnics",
      "post-block-124",
      "Flares lit in block 124 as the teams came out, Italy fans. Thick red smoke, can't see the rows.",
    );
    const inc = s.promote(r1.at + 30 * SECOND, r1, "I", {
      placeId: "post-block-124",
      description: "Pyrotechnics: at least three flares lit in block 124 (away end) at kick-off; smoke drifting over blocks 124–126.",
    });
    const fio = s.assign(inc.at + 20 * SECOND, inc, ["fio"], { prefer: "fio-4", hold: 25 * MINUTE });
    const serial = s.assign(inc.at + 35 * SECOND, inc, ["serial"], { prefer: "psu-16a", hold: 25 * MINUTE });
    witnesses(s, inc, r1.at, [
      ["post-block-126", "pyrotechnics", "More flares and a smoke bomb in 126 now."],
      ["post-block-527", "missile", "Lit flare thrown from the upper tier towards the front of 124."],
      ["post-block-124", "pyrotechnics", "Smoke pouring out of the 124 vomitory, fans coughing on the concourse."],
    ]);
    s.note(
      at("19:52"),
      inc,
      "Two men filmed lighting flares, row 12 seats 14–20; one in a black jacket and white cap, believed to be the group's organiser.",
      { intel: true, by: fio },
    );
    s.note(at("19:58"), inc, "With stewards: 1 arrested for possessing a pyrotechnic (Sporting Events Act 1985), 2 ejected.", {
      by: serial,
    });
    s.finish(inc, at("20:03"), "1 arrest, 2 ejections; flares put out by stewards, no injuries.");
  });

  tell(plan, "suspicious-coach", plan.t("19:54"), (s) => {
    const r1 = s.report(
      at("19:54"),
      "suspicious-item",
      "post-coach-park",
      "Unattended black rucksack beside coach bay 14, nobody near it for ten minutes.",
    );
    const inc = s.promote(r1.at + 40 * SECOND, r1, "I", { placeId: "post-coach-park" });
    s.decision(
      inc.at + 60 * SECOND,
      "Set a 100 m cordon round coach bay 14 and keep drivers and pedestrians outside it until a search dog has cleared the item.",
      "Heightened threat after yesterday's attack on supporters in Brussels; the bag has been unattended for over ten minutes and no owner has come forward. The crowd is inside, so a cordon in the coach park costs little.",
    );
    s.alert(
      inc.at + 80 * SECOND,
      "units",
      "stadium-east",
      "urgent",
      "Cordon 100 m round coach bay 14 (coach park). Keep everyone out; rendezvous at RVP South.",
    );
    s.alert(
      inc.at + 90 * SECOND,
      "stewards",
      "stadium-east",
      "warning",
      "Coach park: keep everyone away from bay 14 until police say otherwise.",
    );
    const dog = s.assign(inc.at + 30 * SECOND, inc, ["dogs"], { prefer: "dog-5", hold: 35 * MINUTE });
    s.assign(inc.at + 45 * SECOND, inc, ["response"], { prefer: "qk-13", hold: 35 * MINUTE });
    s.assign(inc.at + 60 * SECOND, inc, ["serial"], { prefer: "psu-23a", hold: 35 * MINUTE });
    s.note(at("20:14"), inc, "Search dog shows no interest in the bag.", { by: dog });
    s.note(at("20:19"), inc, "Driver of the coach in bay 12 says the bag is his: contents checked, clothes and a flask.");
    s.decision(at("20:21"), "Stand down the cordon at coach bay 14.", "Bag cleared by the search dog and its owner traced and spoken to.");
    s.finish(inc, at("20:23"), "Lost property: the bag belongs to a coach driver. Cordon stood down.");
  });

  tell(plan, "medical-503", plan.t("20:04"), (s) => {
    const r1 = s.report(
      at("20:04"),
      "medical",
      "post-block-503",
      "Man in his 60s collapsed in row 22, conscious but grey and holding his chest. First aider with him.",
      { late: 50 * SECOND },
    );
    const inc = s.promote(r1.at + 25 * SECOND, r1, "I", { placeId: "post-block-503" });
    const las = s.assign(inc.at + 15 * SECOND, inc, ["las"], { prefer: "las-1", hold: 40 * MINUTE });
    witnesses(s, inc, r1.at + 2 * MINUTE, [
      ["post-block-503", "medical", "Need the stretcher route cleared at the 503 vomitory, fans standing in it."],
    ]);
    s.note(at("20:22"), inc, "Suspected cardiac event; patient stable, conveying to Northwick Park Hospital.", { by: las });
    s.finish(inc, at("20:34"), "Patient conveyed to hospital by LAS.");
  });

  tell(plan, "pyro-2", plan.t("20:09"), (s) => {
    const r1 = s.report(at("20:10"), "pyrotechnics", "post-block-527", "Smoke bomb let off in 527, Italy end, after the free kick.");
    const inc = s.promote(r1.at + 45 * SECOND, r1, "S", { placeId: "post-block-527" });
    const fio = s.assign(inc.at + 20 * SECOND, inc, ["fio"], { prefer: "fio-4", hold: 20 * MINUTE });
    s.assign(inc.at + 30 * SECOND, inc, ["serial"], { prefer: "psu-16a", hold: 20 * MINUTE });
    witnesses(s, inc, r1.at, [["post-block-527", "pyrotechnics", "Orange smoke across the upper tier in 527, can't see which row."]]);
    s.note(at("20:16"), inc, "Same group as at kick-off. Evidence kept for banning order applications.", { intel: true, by: fio });
    s.finish(inc, at("20:27"), "Smoke device removed; thrower not found in the crowd, CCTV review after the match.");
  });

  tell(plan, "chanting-111", plan.t("20:17"), (s) => {
    const r1 = s.report(
      at("20:18"),
      "discriminatory-chanting",
      "post-block-111",
      "Group of about 15 in block 111 singing a discriminatory song about Italian fans.",
    );
    const inc = s.promote(r1.at + 60 * SECOND, r1, "S", { placeId: "post-block-111" });
    witnesses(s, inc, r1.at, [["post-block-515", "discriminatory-chanting", "Same chant spreading along the lower tier by 111."]]);
    const fio = s.assign(inc.at + 40 * SECOND, inc, ["fio"], { prefer: "fio-5", hold: 60 * MINUTE });
    s.alert(
      inc.at + 90 * SECOND,
      "stewards",
      "stadium-east",
      "info",
      "Discriminatory chanting in block 111: note seat numbers, do not confront; police are filming.",
    );
    s.note(at("20:27"), inc, "PA announcement on discriminatory behaviour made by the venue.");
    s.note(
      at("20:29"),
      inc,
      "Filming from the gantry: four men identified, two known to us from previous matches. Evidence for arrests after the match and banning orders.",
      { intel: true, by: fio },
    );
    s.finish(
      inc,
      at("21:08"),
      "Evidence gathered on four individuals; referred for arrest after the match and banning order applications.",
    );
  });

  tell(plan, "ht-disorder", plan.t("20:31"), (s) => {
    const r1 = s.report(
      at("20:31"),
      "disorder",
      "post-block-118",
      "Fight on the level 1 concourse by the block 118 kiosks, 10 to 15 men throwing punches.",
    );
    const inc = s.promote(r1.at + 25 * SECOND, r1, "I", { placeId: "post-block-118" });
    const first = s.assign(inc.at + 15 * SECOND, inc, ["serial"], { prefer: "psu-16b", hold: 30 * MINUTE });
    s.assign(inc.at + 30 * SECOND, inc, ["serial"], { prefer: "psu-16c", hold: 30 * MINUTE });
    s.assign(inc.at + 45 * SECOND, inc, ["psu"], { prefer: "psu-16", hold: 30 * MINUTE });
    witnesses(s, inc, r1.at, [
      ["post-block-118", "missile", "Bottles being thrown at the kiosks by 118."],
      ["post-stairway-14", "assault-on-staff", "Steward hit with a bottle at the 118 kiosks, cut to his head."],
      ["post-ts-entrance-e", "disorder", "Crowd gathering to watch the fight by 118, concourse blocked."],
      ["post-block-522", "disorder", "Same fight now spilling towards stairway 14."],
    ]);
    const las = s.assign(r1.at + 3 * MINUTE, inc, ["las"], { prefer: "las-2", hold: 20 * MINUTE });
    s.alert(
      inc.at + 70 * SECOND,
      "stewards",
      "stadium-south",
      "warning",
      "Disorder on the level 1 concourse by the block 118 kiosks: keep fans away, police on scene.",
    );
    s.decision(
      at("20:38"),
      "Close the level 1 bar by block 118 for the rest of the match.",
      "The fight began in the bar queue and alcohol is a factor; closing one outlet is proportionate and keeps the rest of the concourse open.",
    );
    s.note(at("20:41"), inc, "4 arrested for affray; one steward with a cut head treated by LAS.", { by: first });
    s.release(at("20:50"), inc, las);
    s.finish(inc, at("20:56"), "4 arrests for affray; steward injured (minor, treated at the scene); bar by 118 closed.");
  });
}
