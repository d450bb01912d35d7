import type { TemplateVariable } from "@/lib/schemas/templates";

/**
 * A template of the gallery that ships with Wharf: a compose file whose `${VAR}` references are
 * answered by the variables form (the answers become the application's variables), plus what the
 * gallery's card says. Images are public ones a node can pull from Docker Hub; each has a variable,
 * so a private mirror or a pinned digest is one field away.
 */
export type BuiltInTemplate = {
  /** Stable slug, also the template's id in the API. */
  id: string;
  name: string;
  description: string;
  suggestedAppName: string;
  compose: string;
  variables: TemplateVariable[];
};

/** A variable with the common defaults filled in. */
export const variable = (v: Pick<TemplateVariable, "name" | "label"> & Partial<TemplateVariable>): TemplateVariable => ({
  description: "",
  default: "",
  required: false,
  secret: false,
  ...v,
});
