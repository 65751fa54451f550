import type { EventQuestion } from "../data/event-types-repo.js";
import { invalid } from "../errors.js";
import { LONG_ANSWER_MAX, SHORT_ANSWER_MAX } from "./schemas.js";

/**
 * Checks a booking's answers against the event type's questions: every required one answered, no answer
 * to a question the type does not ask, a choice among its options, texts within their length. Returns the
 * answers trimmed, blank optional ones left out (undefined when none is left); a 400 `invalid_answers`
 * naming each problem otherwise.
 */
export function checkAnswers(questions: readonly EventQuestion[], answers: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  const given = answers ?? {};
  const asked = new Set(questions.map((question) => question.id));
  const problems: { question: string; message: string }[] = Object.keys(given)
    .filter((id) => !asked.has(id))
    .map((id) => ({ question: id, message: "this event type asks no such question" }));
  const kept: Record<string, string> = {};
  for (const question of questions) {
    const value = Object.hasOwn(given, question.id) ? given[question.id]!.trim() : "";
    if (value === "") {
      if (question.required) problems.push({ question: question.id, message: `'${question.label}' needs an answer` });
      continue;
    }
    const limit = question.type === "short_text" ? SHORT_ANSWER_MAX : LONG_ANSWER_MAX;
    if (question.type === "choice" && !question.options.includes(value)) {
      problems.push({ question: question.id, message: `must be one of: ${question.options.join(", ")}` });
    } else if (value.length > limit) {
      problems.push({ question: question.id, message: `must be at most ${limit} characters` });
    } else {
      kept[question.id] = value;
    }
  }
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    throw invalid(`Invalid answers: ${problems[0]!.question}: ${problems[0]!.message}${more}`, "invalid_answers", problems);
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}
