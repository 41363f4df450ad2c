//! The TypeScript types of the JS API, emitted into the package's `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A finding. `code` is stable; translate it, use `message` only as a fallback. */
export interface Issue {
  code: string;
  severity: "error" | "warning";
  /** Field concerned: `documentNumber`, `travelers[0].surname`, `trip.flight` … */
  field: string;
  /** MRZ findings only: 0-based line and column range [start, end). */
  line?: number;
  start?: number;
  end?: number;
  params?: Record<string, string>;
  message: string;
}
export interface MrzFields {
  documentCode: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** ISO `YYYY-MM-DD`, or null when not a real date. */
  birthDate: string | null;
  sex: string;
  expiryDate: string | null;
  optionalData: string;
  optionalData2: string;
}
export interface MrzReport {
  /** True exactly when no issue is an error. */
  valid: boolean;
  format: "TD1" | "TD2" | "TD3" | "MRVA" | "MRVB" | null;
  fields: MrzFields;
  issues: Issue[];
  /** Offered only when exactly one repair makes every check digit pass. */
  suggestion: { lines: string[] } | null;
}
export type ValidityRule =
  | { rule: "onArrival" }
  | { rule: "wholeStay" }
  | { rule: "months"; months: number };
export interface ValidateOptions {
  /** `YYYY-MM-DD`; defaults to today's local date. */
  today?: string;
  validity?: ValidityRule;
  adultAge?: number;
  maxTravelers?: number;
}
export type FieldKind =
  | "surname" | "givenNames" | "nativeName" | "documentNumber" | "documentCode"
  | "issuingState" | "nationality" | "birthDate" | "expiryDate" | "sex" | "flight"
  | "departureAirport" | "arrivalAirport" | "date" | "email" | "phone" | "postalCode"
  | "purpose" | "lengthOfStay";
/** The submission; see docs/record.md. */
export interface TravelRecord {
  schema: number;
  travelers: Traveler[];
  trip: Trip;
  contact: { email: string; phone: string };
}
export interface Traveler {
  documentCode: string;
  documentNumber: string;
  issuingState: string;
  expiryDate: string;
  surname: string;
  givenNames: string;
  nativeSurname?: string;
  nativeGivenNames?: string;
  birthDate: string;
  sex: string;
  nationality: string;
  mrz?: string;
  accompaniedBy?: number;
}
export interface Trip {
  flight: string;
  departureAirport: string;
  arrivalAirport: string;
  departureDate: string;
  arrivalDate: string;
  purpose: "tourism" | "business" | "visitingFamily" | "study" | "work" | "transit" | "returnHome" | "evacuation" | "other";
  addressInJapan: string;
  postalCode?: string;
  contactInJapan?: string;
  lengthOfStayDays: number;
}
export interface RecordReport {
  valid: boolean;
  issues: Issue[];
}
"#;
