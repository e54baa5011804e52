// Small behaviours shared by every page (no inline script, CSP-friendly).
// The language and year selectors act on their "Go" button only: moving
// through their options with the arrow keys changes nothing (WCAG 3.2.2).
