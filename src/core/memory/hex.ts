// Addresses and sizes as the firmware logs them (`%#x`).

export const hex = (n: number): string => '0x' + n.toString(16);
