// OneGo's custom JSON Schema formats for the published form schema (GET /api/v1/things/{code}
// → form, GET /api/v1/things/{code}/form), the same rules the server checks (onego.domain.FormFormats).
// Usage with Ajv 8 (JSON Schema 2020-12):
//   const Ajv2020 = require('ajv/dist/2020'); const addFormats = require('ajv-formats');
//   const ajv = new Ajv2020({ strict: true, allErrors: true }); addFormats(ajv);
//   require('./form-formats').addOneGoForm(ajv);
// Validate values as the server does: identifiers canonical (full-width folded, spaces and hyphens
// dropped, upper case, +86 removed, +852/+853/+886 kept) and null or blank values left out.
'use strict';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 公民身份号码, GB 11643-1999: region (not 0…), a real birth date 1880..tomorrow, MOD 11-2 check character. */
function idNumber(id) {
  if (typeof id !== 'string' || id.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = id.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    sum += c * ID_WEIGHTS[i];
  }
  if (id[0] === '0') return false;
  const y = +id.slice(6, 10), m = +id.slice(10, 12), d = +id.slice(12, 14);
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  const tomorrow = new Date(); tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  if (y < 1880 || birth > tomorrow) return false;
  return id[17].toUpperCase() === ID_CHECK[sum % 11];
}

const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码, GB 32100-2015: 18 characters of the 31-letter alphabet, MOD 31 check character. */
function creditCode(code) {
  if (typeof code !== 'string' || code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const v = CC_ALPHABET.indexOf(code[i]);
    if (v < 0) return false;
    if (i < 17) sum += v * CC_WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return code[17] === CC_ALPHABET[c === 31 ? 0 : c];
}

const PHONE_REGIONS = [
  { region: 'mainland', pattern: /^1[3-9][0-9]{9}$/, permit: null },
  { region: 'Hong Kong', pattern: /^\+852[0-9]{8}$/, permit: '810000' },
  { region: 'Macau', pattern: /^\+853[0-9]{8}$/, permit: '820000' },
  { region: 'Taiwan', pattern: /^\+8869[0-9]{8}$/, permit: '830000' },
];

/** The region of a canonical mobile number ('mainland', 'Hong Kong', 'Macau', 'Taiwan'), or null. */
function phoneRegion(p) {
  if (typeof p !== 'string') return null;
  const r = PHONE_REGIONS.find((x) => x.pattern.test(p));
  return r ? r.region : null;
}

/**
 * The `phone` format: a mobile number of the mainland (11 digits starting 13 to 19), Hong Kong
 * (+852 and 8 digits), Macau (+853 and 8 digits) or Taiwan (+886 and 9 digits starting 9), written
 * canonically (+852…). The format cannot see the applicant: the server refuses a non-mainland
 * number unless the applicant's ID is that region's residence permit (see phoneFitsApplicant).
 */
function phone(p) {
  return phoneRegion(p) !== null;
}

/** Whether the server accepts `p` from the applicant with ID `idNumber`: mainland always, else that region's permit (810000/820000/830000…). */
function phoneFitsApplicant(p, idNumber) {
  const r = PHONE_REGIONS.find((x) => typeof p === 'string' && x.pattern.test(p));
  return !!r && (r.permit === null || (typeof idNumber === 'string' && idNumber.startsWith(r.permit)));
}

const FORMATS = { 'id-number': idNumber, 'credit-code': creditCode, phone };
const ANNOTATIONS = ['x-items', 'x-prefill', 'x-from-item'];

/** Registers the formats and the annotation keywords the schema declares in its $comment. */
function addOneGoForm(ajv) {
  for (const [name, validate] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate });
  ajv.addVocabulary(ANNOTATIONS);
  return ajv;
}

module.exports = { idNumber, creditCode, phone, phoneRegion, phoneFitsApplicant, FORMATS, ANNOTATIONS, addOneGoForm };
