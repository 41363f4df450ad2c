// A small ICAO Doc 9303 TD3 writer for test data (independent of the
// checker under test): builds the two MRZ lines with their check digits from
// a traveler's fields.

const WEIGHTS = [7, 3, 1];

function charValue(c) {
  if (c === '<') return 0;
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  throw new Error(`not an MRZ character: ${c}`);
}

/** The Doc 9303 check digit of a field. */
export function checkDigit(field) {
  let sum = 0;
  [...field].forEach((c, i) => {
    sum += charValue(c) * WEIGHTS[i % 3];
  });
  return String(sum % 10);
}

const pad = (s, n) => {
  if (s.length > n) throw new Error(`${s} longer than ${n}`);
  return s + '<'.repeat(n - s.length);
};

/** `1985-03-14` → `850314`. */
const yymmdd = (iso) => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);

const nameField = (s) => s.toUpperCase().replace(/[ -]/g, '<');

/**
 * TD3 (passport) lines for a traveler.
 * @param {{surname:string, givenNames:string, documentNumber:string, issuingState:string,
 *          nationality:string, birthDate:string, sex:string, expiryDate:string, personalNumber?:string}} t
 * @returns {[string, string]}
 */
export function td3(t) {
  const line1 = pad(`P<${t.issuingState}${nameField(t.surname)}<<${nameField(t.givenNames)}`, 44);
  const number = pad(t.documentNumber, 9);
  const birth = yymmdd(t.birthDate);
  const expiry = yymmdd(t.expiryDate);
  const personal = pad(t.personalNumber ?? '', 14);
  const personalCd = personal === '<'.repeat(14) ? '<' : checkDigit(personal);
  const numberCd = checkDigit(number);
  const birthCd = checkDigit(birth);
  const expiryCd = checkDigit(expiry);
  const composite = checkDigit(number + numberCd + birth + birthCd + expiry + expiryCd + personal + personalCd);
  const line2 = `${number}${numberCd}${t.nationality}${birth}${birthCd}${t.sex}${expiry}${expiryCd}${personal}${personalCd}${composite}`;
  if (line1.length !== 44 || line2.length !== 44) throw new Error('TD3 lines must be 44 characters');
  return [line1, line2];
}
