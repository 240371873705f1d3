/** `funnel help periods`: the period forms every report, --created and --period take. */
export const text = `Periods

--period (every report; --created on the lead commands) takes:
  2026-10                       a month
  2026-Q4                       a quarter of the fiscal year
  2026                          a fiscal year (FY2027 with a fiscal year that
                                does not start in January)
  this-month, last-month        relative to today, or to --as-of
  this-quarter, last-quarter
  this-year, last-year
  ytd                           the fiscal year's start to now (or --as-of)

--from and --to give a custom period instead, in days or months, both ends
included whole: --from 2017-06 --to 2018-12 is 2017-06-01 to 2018-12-31.

--as-of DATE computes as the database stood then (a date alone: the end of that
day); this-month, ytd and the others count from that day, and a period still
running at it shows pacing and projection. The same --as-of gives the same
figures later.

Fiscal year: funnel config set fiscal-year-start 4 starts it in April. A fiscal
year is then named by the calendar year it ends in: FY2027 is April 2026 to
March 2027, and 2027-Q1 is April to June 2026.

Time zone: period edges are midnight in the team's time zone, which the
database keeps (funnel config set timezone ZONE), so everyone who shares the
database gets the same figures whatever their TZ. Dates given without a zone
(--at, --as-of, a CSV's dates) are in that zone too. --tz ZONE (an IANA name
such as Europe/Lisbon) reads one run in another zone, and its report headings
say so. A database made before funnel kept a zone uses the process's TZ.
`;
