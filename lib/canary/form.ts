import type { SetCanaryInput } from "./schemas";

/** The form's text fields; empty guardrail fields are left unset. */
export type CanaryFormValues = {
  weightPercent: string;
  maxLatencyP95Ms: string;
  maxAccuracyDrop: string;
  minSamples: string;
  windowMinutes: string;
};

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** Converts the form's text into the body of PUT /canary. */
export function canaryInput(version: number, values: CanaryFormValues): SetCanaryInput {
  return {
    version,
    weight: Number(values.weightPercent) / 100,
    guardrails: {
      maxLatencyP95Ms: optionalNumber(values.maxLatencyP95Ms),
      maxAccuracyDrop: optionalNumber(values.maxAccuracyDrop),
      minSamples: Number(values.minSamples),
      windowMinutes: Number(values.windowMinutes),
    },
  };
}
