// The benchmark mix for validateMrz, shared by mrz-vs-cheminfo.mjs (the
// budget) and mrz-per-input.mjs (where time goes). Real-world mix: valid
// documents of each format from ordinary states (most of a manifest), one
// ICAO specimen, one with a wrong check digit.
export const inputs = [
  ['P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<', 'TK01234568JPN7310227M3304156<<<<<<<<<<<<<<08'],
  ['I<NLDSPECI20142999999990<<<<<<', '6503101F3003105NLDXY9<<<<<<<<6', 'DE<BRUIJN<<WILLEKE<<<<<<<<<<<<'],
  ['I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<', 'ABCD12345<FRA7512319F29010196780<<<4'],
  ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<', 'C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4'],
  ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
  ['P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<', 'TK01234563JPN7310227M3304156<<<<<<<<<<<<<<08'],
];
export const options = { today: '2026-11-26' };
