/** The result of a server action for a form: its data, or a message with the errors of each invalid field. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors: Record<string, string[]> };

/** A server action that takes one input object, as the settings pages pass them to their forms. */
export type FormAction<I, T> = (input: I) => Promise<ActionResult<T>>;
