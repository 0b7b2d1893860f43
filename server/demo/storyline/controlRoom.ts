import type { Plan } from "./plan";
import { around, MINUTE, SECOND, tell } from "./story";

/**
 * Incidents that reach control from outside the stewards (issue 10): a 999 call passed on by the
 * Met's command and control, the venue's CCTV room, a radio message from BTP. Control creates each
 * one itself, so the board shows where it came from; one is corrected when the caller rings back.
 */
export function controlRoomStories(plan: Plan): void {
  const at = (time: string, spread?: number) => around(plan, time, spread);

  tell(plan, "call-999-collapse", plan.t("18:52"), (s) => {
    const inc = s.police(
      at("18:52"),
      "vulnerable-person",
      "S",
      "post-ow-engineers-way",
      "999 call passed on by MPS: caller says an elderly man is confused and alone by the Engineers Way checkpoint.",
      undefined,
      "999",
    );
    s.correct(
      inc.at + 2 * MINUTE,
      inc,
      { type: "medical", grade: "I", description: "999 caller rang back: the man has collapsed and is not responding." },
      "Caller rang back: now unresponsive",
    );
    s.assign(inc.at + 2 * MINUTE + 20 * SECOND, inc, ["las"], { hold: 30 * MINUTE });
    s.finish(inc, at("19:20"), "Treated at the scene by LAS, then conveyed to hospital.");
  });

  tell(plan, "cctv-fence", plan.t("19:58"), (s) => {
    const inc = s.police(
      at("19:58"),
      "gate-breach",
      "S",
      "post-ts-entrance-g",
      "CCTV room: three men climbing the perimeter fence beside the Entrance G turnstiles.",
      undefined,
      "cctv",
    );
    const unit = s.assign(inc.at + 40 * SECOND, inc, ["serial", "response"], { hold: 25 * MINUTE });
    s.note(inc.at + 6 * MINUTE, inc, "Two detained inside by stewards; the third ran back out towards South Way.", { by: unit });
    s.finish(inc, at("20:15"), "Two ejected from the venue by stewards with police present; the third not found.");
  });

  tell(plan, "radio-btp-gateline", plan.t("21:50"), (s) => {
    const inc = s.police(
      at("21:50"),
      "crowd-surge",
      "S",
      "post-wp-gateline",
      "Radio from BTP: the Wembley Park gateline is backing up onto the forecourt; asking for the queue to be held on Olympic Way.",
      undefined,
      "radio",
    );
    s.assign(inc.at + 30 * SECOND, inc, ["mounted", "serial"], { hold: 30 * MINUTE });
    s.finish(inc, at("22:20"), "Queue held and released in phases; the gateline cleared without injury.");
  });
}
