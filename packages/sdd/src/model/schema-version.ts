/** The version of the result's JSON shape (and of everything cached from it). Here, apart, so that reading it loads no schema. */
export const RESULT_SCHEMA_VERSION = 2;
