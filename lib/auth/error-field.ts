/**
 * Which field of a sign-in or sign-up form an error is about, so the form can mark that field invalid, point it
 * at the message and move focus there (app/components/form-fields.tsx). Null: about the whole form.
 */
export type CredentialField = "name" | "email" | "password";

// The messages of emailAddressSchema (lib/data/users.ts): the only VALIDATION_FAILED errors about the address.
const EMAIL_MESSAGE = /email address/i;

export function fieldOfError(code: string, message: string): CredentialField | null {
  switch (code) {
    case "WEAK_PASSWORD":
    case "INVALID_CREDENTIALS":
      return "password";
    case "EMAIL_TAKEN":
      return "email";
    case "VALIDATION_FAILED":
      return EMAIL_MESSAGE.test(message) ? "email" : "name";
    default:
      return null;
  }
}
