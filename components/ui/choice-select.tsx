import type { ReactNode, SelectHTMLAttributes } from "react";
import { Select } from "./input";

export type Choice = { value: string; label: string };

type ChoiceSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "children" | "onChange" | "value"> & {
  value: string;
  /** The first, empty choice: what picking nothing means ("All", "Every rule", "Pick a cluster"). */
  none: string;
  choices: Choice[];
  onChange?: (value: string) => void;
  /** Options after the choices, e.g. the current value when it is no longer in the list. */
  children?: ReactNode;
};

/**
 * A select over a list of choices, led by an empty one: the shape of every filter and scope picker.
 * Other props (id, aria-*, className, disabled) go to the select, so it works inside Field.
 */
export function ChoiceSelect({ none, choices, onChange, children, ...props }: ChoiceSelectProps) {
  return (
    <Select {...props} onChange={onChange && ((e) => onChange(e.target.value))}>
      <option value="">{none}</option>
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
      {children}
    </Select>
  );
}
