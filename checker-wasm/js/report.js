// The JS half of checker-wasm's facade (src/wasm/): turns what the
// WebAssembly hands over into the report objects the JS API documents.
// Loaded by wasm-bindgen as a module snippet. Every constant shared with
// Rust (parameter names, formats, the codes and fields of the fast words,
// the words' layout) arrives from Rust in `mrz_init` before any call, so
// nothing here is kept in step by hand.
//
// How an MRZ report reaches JavaScript (fastest first):
// - the usual call (ASCII text): the text is copied in by `encodeInto` into
//   a buffer kept from call to call (`mrz_input`), and the report comes back
//   as 32-bit words: the fields as offsets into the caller's own string
//   (`mrz_quick`), findings as words rendered with the checker's own
//   templates (`mrz_quick_findings`), or the fields as words and the
//   findings packed (`mrz_quick_issues`);
// - any other report comes back as one packed string (`build_mrz_report`).
//
// The packed report is one string of fields separated by U+001F. Issues
// are separated by U+001D. One issue is: a character for the severity (`e`
// or `w`), three for line, start and end (`0` + the number, `!` when
// absent), the code, U+001E, the field, U+001E, the message, then for each
// parameter U+001E, its name as `0` + its index in PARAMS (or `~`, the name
// and U+001E), and its value. The first part is `1` (valid) or `0`; when
// the input holds any of U+001C–U+001F, it is `3` or `2` and every such
// character inside a part is escaped as U+001C followed by `A`–`D`.

// Set by `mrz_init`.
let MEMORY = null;
let PARAMS = [];
let FORMATS = [];
let QUICK_CODES = [];
let QUICK_FIELDS = [];
let FIELD_WORDS = 0;
let WORDS_CAP = 0;
let NO_DATE = 0;

function split_codes(packed) {
  return packed.split('\x1d').map((c) => {
    const [code, severity, template] = c.split('\x1e');
    return { code, severity: severity === 'e' ? 'error' : 'warning', template };
  });
}

// The module's memory and the shared constants: sections apart by U+001F
// (the fast words' codes as `build_codes` reads them, their fields, the
// parameter names, the format names, each list apart by U+001E; then the
// number of field words, the words' capacity and the word for no date).
export function mrz_init(m, tables) {
  MEMORY = m;
  const [codes, fields, params, formats, sizes] = tables.split('\x1f');
  QUICK_CODES = split_codes(codes).map((c) => ({ ...c, parts: c.template.split(/\{([^}]*)\}/) }));
  QUICK_FIELDS = fields.split('\x1e');
  PARAMS = params.split('\x1e');
  FORMATS = formats.split('\x1e');
  [FIELD_WORDS, WORDS_CAP, NO_DATE] = sizes.split('\x1e').map(Number);
  WORDS = null;
  WORDS_AT = -1;
  INPUT = null;
  INPUT_AT = -1;
}
function mrz_unescape(s) {
  return s.replace(/\x1c([A-D])/g, (_, c) => String.fromCharCode(c.charCodeAt(0) - 37));
}


function mrz_issues(s, esc) {
  const out = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    let d = s.indexOf('\x1d', i);
    if (d < 0) d = n;
    const severity = s.charCodeAt(i) === 101 ? 'error' : 'warning';
    const line = s.charCodeAt(i + 1) - 48;
    const start = s.charCodeAt(i + 2) - 48;
    const end = s.charCodeAt(i + 3) - 48;
    let j = s.indexOf('\x1e', i + 4);
    const code = s.slice(i + 4, j);
    i = j + 1;
    j = s.indexOf('\x1e', i);
    let field = s.slice(i, j);
    i = j + 1;
    j = s.indexOf('\x1e', i);
    if (j < 0 || j > d) j = d;
    let message = s.slice(i, j);
    let params;
    while (j < d) {
      if (params === undefined) params = {};
      let name;
      i = j + 2;
      const c = s.charCodeAt(j + 1);
      if (c === 126) {
        j = s.indexOf('\x1e', i);
        name = s.slice(i, j);
        if (esc) name = mrz_unescape(name);
        i = j + 1;
      } else {
        name = PARAMS[c - 48];
      }
      j = s.indexOf('\x1e', i);
      if (j < 0 || j > d) j = d;
      params[name] = esc ? mrz_unescape(s.slice(i, j)) : s.slice(i, j);
    }
    if (esc) {
      field = mrz_unescape(field);
      message = mrz_unescape(message);
    }
    let o;
    if (line >= 0 && start >= 0 && end >= 0) {
      o = params === undefined
        ? { code, severity, field, line, start, end, message }
        : { code, severity, field, line, start, end, params, message };
    } else {
      o = { code, severity, field };
      if (line >= 0) o.line = line;
      if (start >= 0) o.start = start;
      if (end >= 0) o.end = end;
      if (params !== undefined) o.params = params;
      o.message = message;
    }
    out.push(o);
    i = d + 1;
  }
  return out;
}

function packed_issues(s) {
  return s.length > 1 ? mrz_issues(s.slice(1), s.charCodeAt(0) >= 50) : [];
}

export function build_issues(packed) {
  return packed_issues(packed);
}

export function build_record_report(packed) {
  return { valid: ((packed.charCodeAt(0) - 48) & 1) === 1, issues: packed_issues(packed) };
}

export function build_codes(packed) {
  return split_codes(packed);
}

let INPUT = null;
let INPUT_AT = -1;
const ENCODER = new TextEncoder();
let WORDS = null;
let WORDS_AT = -1;

// A message from its template's parts, as the checker renders it.
function render(parts, field, line, params) {
  let m = parts[0];
  for (let k = 1; k < parts.length; k += 2) {
    const name = parts[k];
    let v;
    if (name === 'field') v = field;
    else if (params !== undefined && Object.hasOwn(params, name)) v = params[name];
    else if (name === 'line') v = String(line + 1);
    else v = '{' + name + '}';
    m += v + parts[k + 1];
  }
  return m;
}

// A parameter's value from its word: a character, the field, the expiry date.
function param(x, field, fields) {
  const kind = (x >>> 8) & 3;
  return kind === 0 ? String.fromCharCode(x >>> 16) : kind === 1 ? field : fields.expiryDate;
}

// The fast path's report with findings given as words after the fields
// (see `encode_findings`).
export function mrz_quick_findings(s, p, n, valid) {
  const w = words(p);
  const fields = quick_fields(s, w);
  const issues = [];
  let i = FIELD_WORDS;
  n += FIELD_WORDS;
  while (i < n) {
    const head = w[i];
    const at = w[i + 1];
    i += 2;
    const c = QUICK_CODES[head & 15];
    const field = QUICK_FIELDS[(head >>> 4) & 15];
    const np = (head >>> 8) & 3;
    const line = at & 255;
    const start = (at >>> 8) & 255;
    const end = at >>> 16;
    // Unrolled: each store sees few keys, which keeps it fast.
    let params;
    if (np > 0) {
      params = {};
      let x = w[i++];
      params[PARAMS[x & 255]] = param(x, field, fields);
      if (np > 1) {
        x = w[i++];
        params[PARAMS[x & 255]] = param(x, field, fields);
        if (np > 2) {
          x = w[i++];
          params[PARAMS[x & 255]] = param(x, field, fields);
        }
      }
    }
    const message = render(c.parts, field, line, params);
    issues.push(params === undefined
      ? { code: c.code, severity: c.severity, field, line, start, end, message }
      : { code: c.code, severity: c.severity, field, line, start, end, params, message });
  }
  return { valid: valid === 1, format: FORMATS[w[0]], fields, issues, suggestion: null };
}

// The usual call in one crossing: copies an ASCII string to `p` in the
// module's memory and returns `YYYYMMDD * 4096 + length` (`YYYYMMDD` is 0
// without `today`), or -1 when the text is not an ASCII string of at most
// `cap` characters or the options need a closer look. `encodeInto` into a
// view kept from call to call: a non-ASCII character takes more than one
// byte.
export function mrz_input(s, o, p, cap) {
  let t = 0;
  if (o !== undefined && o !== null) {
    t = option_today_code(o);
    if (t === -2) return -1;
    if (t === -1) t = 0;
  }
  if (typeof s !== 'string' || s.length > cap) return -1;
  let view = INPUT;
  if (INPUT_AT !== p || view.byteLength === 0) {
    view = INPUT = new Uint8Array(MEMORY.buffer, p, cap);
    INPUT_AT = p;
  }
  const r = ENCODER.encodeInto(s, view);
  return r.read === s.length && r.written === s.length ? t * 4096 + r.written : -1;
}

function cut(s, x) {
  return s.slice(x & 0xffff, x >>> 16);
}

// A name: the span with each run of `<` as one space (the span starts and
// ends with a letter).
function name(s, x, fillers) {
  const e = x >>> 16;
  let a = x & 0xffff;
  if (!fillers) return s.slice(a, e);
  let out = '';
  for (;;) {
    const j = s.indexOf('<', a);
    if (j < 0 || j >= e) return out + s.slice(a, e);
    out += s.slice(a, j) + ' ';
    a = j + 1;
    while (a < e && s.charCodeAt(a) === 60) a++;
  }
}

// `YYYY-MM-DD` from the century (below 100) and the `YYMMDD` at `p`, as
// one string built from character codes (half the time of slicing and
// joining); null for the word NO_DATE.
function date(s, x) {
  if (x === NO_DATE) return null;
  const p = x & 0xffff;
  const c = x >>> 16;
  return String.fromCharCode(
    48 + ((c / 10) | 0), 48 + (c % 10), s.charCodeAt(p), s.charCodeAt(p + 1), 45,
    s.charCodeAt(p + 2), s.charCodeAt(p + 3), 45, s.charCodeAt(p + 4), s.charCodeAt(p + 5));
}

// The words at `p` in the module's memory: the format and the fields of a
// fast-path report (`quick_report`), then its findings.
function words(p) {
  let w = WORDS;
  if (WORDS_AT !== p || w.byteLength === 0) {
    w = WORDS = new Uint32Array(MEMORY.buffer, p, WORDS_CAP);
    WORDS_AT = p;
  }
  return w;
}

// The fields, cut out of the caller's string `s` (words 1–13).
function quick_fields(s, w) {
  const fl = w[13];
  return {
    documentCode: cut(s, w[1]), issuingState: cut(s, w[2]), surname: name(s, w[3], fl & 1),
    givenNames: name(s, w[4], fl & 2), documentNumber: cut(s, w[5]) + cut(s, w[6]), nationality: cut(s, w[7]),
    birthDate: date(s, w[11]), sex: cut(s, w[8]), expiryDate: date(s, w[12]), optionalData: cut(s, w[9]),
    optionalData2: cut(s, w[10]),
  };
}

export function mrz_quick(s, p) {
  const w = words(p);
  return {
    valid: true,
    format: FORMATS[w[0]],
    fields: quick_fields(s, w),
    issues: [],
    suggestion: null,
  };
}

// `packed`: `1` (valid) or `0`, the issues, U+001F, the suggested lines.
export function mrz_quick_issues(s, p, packed) {
  const w = words(p);
  const j = packed.indexOf('\x1f');
  const suggestion = packed.slice(j + 1);
  return {
    valid: packed.charCodeAt(0) === 49,
    format: FORMATS[w[0]],
    fields: quick_fields(s, w),
    issues: j > 1 ? mrz_issues(packed.slice(1, j), false) : [],
    suggestion: suggestion ? { lines: suggestion.split('\n') } : null,
  };
}

export function build_mrz_report(s) {
  // Parts by indexOf and slice: faster than split for these few parts.
  const v = s.charCodeAt(0);
  const esc = v >= 50;
  let i = 2;
  const part = () => {
    const j = s.indexOf('\x1f', i);
    const r = s.slice(i, j);
    i = j + 1;
    return esc ? mrz_unescape(r) : r;
  };
  const format = part();
  const documentCode = part(), issuingState = part(), surname = part(), givenNames = part();
  const documentNumber = part(), nationality = part(), birthDate = part(), sex = part();
  const expiryDate = part(), optionalData = part(), optionalData2 = part();
  const j = s.indexOf('\x1f', i);
  const issues = s.slice(i, j);
  const suggestion = esc ? mrz_unescape(s.slice(j + 1)) : s.slice(j + 1);
  return {
    valid: v === 49 || v === 51,
    format: format || null,
    fields: {
      documentCode, issuingState, surname, givenNames, documentNumber, nationality,
      birthDate: birthDate || null, sex, expiryDate: expiryDate || null, optionalData, optionalData2,
    },
    issues: issues ? mrz_issues(issues, esc) : [],
    suggestion: suggestion ? { lines: suggestion.split('\n') } : null,
  };
}

// The last well-formed `today` and its code: a page validating a manifest
// passes the same date every time.
let last_today = null;
let last_code = -2;

export function option_today_code(o) {
  if (o === undefined || o === null || typeof o !== 'object') return -2;
  const t = o.today;
  if (t === undefined || t === null) return -1;
  if (t === last_today) return last_code;
  if (typeof t !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(t)) return -2;
  const code = +t.slice(0, 4) * 10000 + +t.slice(5, 7) * 100 + +t.slice(8, 10);
  last_today = t;
  last_code = code;
  return code;
}

export function option_today(o) {
  if (o === undefined || o === null) return undefined;
  if (typeof o !== 'object') throw new Error('invalid options: expected an object');
  const t = o.today;
  if (t === undefined || t === null) return undefined;
  if (typeof t !== 'string') throw new Error(`invalid options: today must be YYYY-MM-DD, got ${typeof t}`);
  return t;
}
