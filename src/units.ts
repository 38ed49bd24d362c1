/** Unit conversions used across the product (spec/ keeps its own, to stay self-contained). */

export const SECONDS_PER_HOUR = 3600;
export const WATTS_PER_KILOWATT = 1000;
export const GRAMS_PER_KILOGRAM = 1000;
export const JOULES_PER_KWH = 3.6e6;
