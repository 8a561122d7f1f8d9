/**
 * The reason for each import finding in a few words, for the table: the full message
 * (with what to do) is in the row-detail panel. Leads with the reason, never the ICCID.
 */
export const REASONS: Readonly<Record<string, string>> = {
  missing: 'No ICCID',
  excel_scientific: 'Damaged by Excel (scientific notation)',
  excel_decimal: 'Damaged by Excel (decimal point)',
  excel_number: 'Stored by Excel as a number',
  excel_zero_filled: 'Digits lost by Excel',
  zero_tail: 'Ends in zeros: compare with the card',
  not_digits: 'Not only digits',
  bad_length: 'Wrong number of digits',
  several_iccids: 'Several ICCIDs on one line',
  formula_no_value: 'Formula with no saved value',
  bad_override: 'Invalid per-SIM value',
  duplicate: 'Duplicate',
  not_89: 'Does not start with 89',
  luhn: 'Check digit does not match',
  unusual_length: 'Unusual length',
  already_provisioned: 'Already provisioned here',
};

export const reasonOf = (code: string): string => REASONS[code] ?? code.replace(/_/g, ' ');
