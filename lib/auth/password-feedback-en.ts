/**
 * English wording for zxcvbn-ts feedback. zxcvbn-ts returns translation keys unless given a translation table;
 * we only install @zxcvbn-ts/language-common (its dictionaries are language-neutral), so the sentences live here,
 * phrased for our sign-up form. Keys: node_modules/@zxcvbn-ts/core/dist/data/translationKeys.mjs.
 */
import type { TranslationKeys } from "@zxcvbn-ts/core";

export const passwordFeedbackEnglish: TranslationKeys = {
  warnings: {
    straightRow: "A straight row of keys on a keyboard is easy to guess.",
    keyPattern: "A short keyboard pattern is easy to guess.",
    simpleRepeat: 'A repeated character like "aaa" is easy to guess.',
    extendedRepeat: 'A repeated pattern like "abcabcabc" is easy to guess.',
    sequences: 'A common sequence like "abc" or "1234" is easy to guess.',
    recentYears: "Recent years are easy to guess.",
    dates: "Dates are easy to guess.",
    topTen: "This is one of the most used passwords.",
    topHundred: "This is a very frequently used password.",
    common: "This is a commonly used password.",
    similarToCommon: "This is close to a commonly used password.",
    wordByItself: "A single word is easy to guess.",
    namesByThemselves: "A single name or surname is easy to guess.",
    commonNames: "Common names and surnames are easy to guess.",
    userInputs: "It contains your name, your email address or the site's name.",
    pwned: "This password has appeared in a data breach.",
  },
  suggestions: {
    l33t: "Swapping letters for look-alikes (like '@' for 'a') does not help much.",
    reverseWords: "Spelling a common word backwards does not help much.",
    allUppercase: "Capitalize some letters, not all of them.",
    capitalization: "Capitalize more than the first letter.",
    dates: "Avoid dates and years that mean something to you.",
    recentYears: "Avoid recent years.",
    associatedYears: "Avoid years that mean something to you.",
    sequences: "Avoid common character sequences.",
    repeated: "Avoid repeated words and characters.",
    longerKeyboardPattern: "Use a longer keyboard pattern that changes direction several times.",
    anotherWord: "Add a few more uncommon words.",
    useWords: "Use several words, but not a well-known phrase.",
    noNeed: "You don't need symbols, digits or capitals: several uncommon words make a strong password.",
    pwned: "If you use this password anywhere else, change it there too.",
  },
  timeEstimation: {
    ltSecond: "less than a second",
    second: "{base} second",
    seconds: "{base} seconds",
    minute: "{base} minute",
    minutes: "{base} minutes",
    hour: "{base} hour",
    hours: "{base} hours",
    day: "{base} day",
    days: "{base} days",
    month: "{base} month",
    months: "{base} months",
    year: "{base} year",
    years: "{base} years",
    centuries: "centuries",
  },
};
