/** What every organizer form shows after its action: an error the organizer can act on, or what was done. */
export interface FormState {
  error: string | null;
  notice: string | null;
}

export const initialFormState: FormState = { error: null, notice: null };
