/** `funnel help metrics`: what every figure the reports print means, report by report. */
export const text = `What the reports' figures mean

Percentages are of the figure named; a blank cell means the figure has no basis
(no quota, nothing closed, a period not running). Money is in the database's
currency, in the reports' headers.

Quota (funnel report quota; report monthly's attainment)
  quota        the target for the period on --metric; a period without its own
               quota uses those that cover it (a month a third of its quarter's,
               a quarter its months' added up); "quota basis" says which
  achieved     what the row's reps did in the period on --metric (revenue,
               deals, mqls or sals)
  attain %     attainment: achieved / quota
  expected     quota x elapsed share of the period: where an even pace would be
               by the as-of date (while the period runs)
  pacing %     pacing: achieved / (quota x elapsed share), while the period runs
  projection   achieved / elapsed share: where the period ends at this pace
  gap          quota - achieved (negative: over quota)
  won, lost    deals won and lost in the period
  avg deal     average deal: revenue won / deals won
  win %        win rate: won / (won + lost), deals closed in the period
  pipeline     open deals expected to close in the rest of the period
  weighted     that pipeline x each stage's probability
  coverage x   coverage: pipeline / remaining quota (quota - achieved), while
               the period runs; --weighted uses the weighted pipeline
  uncovered    partial quota basis: when a row's quota covers only some of its
               reps (one of six has a quota) or some of its months (no quota
               for December in Q4), achieved, attainment, pacing, projection,
               gap and coverage count only those reps in those months, paced
               through those months; "uncovered" is what the row's reps
               achieved outside that, and a note names what is left out. Won,
               lost, average deal, win rate and pipeline count every deal.
  manager rollups  a team row uses the team:NAME quota when one is set, else
               the sum of its reps' quotas; a manager's row holds the manager
               and their direct reports (the manager's own quota counts their
               own deals); rows nest, and the total counts each rep once
  change pp    (report monthly) attainment minus the period before's, in
               percentage points
  --fail-under PCT checks attainment for a closed period, pacing while it runs.

Funnel (funnel report funnel)
  leads        leads counted at each stage. Cohort mode (--mode cohort, the
               default): the leads created in the period, at every stage they
               reached by the as-of date (a lead imported at sql counts at mql
               and sal too). Activity mode (--mode activity): the leads that
               arrived at each stage during the period, whenever created.
  step %       step conversion: leads at this stage / leads at the one before
  cumulative % cumulative conversion: leads at this stage / leads at the top
  drop-off     leads at the stage before - leads at this one
  median days from previous  median days between arriving at the stage
               before and at this one, over the leads seen arriving at both
  A>B %, lead>cust %  (with --by) step and cumulative conversion per group

Sources (funnel report sources)
  MQLs, handed off  leads of the source that became MQLs / were handed off
  accepted     leads that reached sal or beyond; rejected: sent back by sales
  won, won revenue  won deals of the source's leads and their revenue
  MQL>won %    leads with a won deal / MQLs
  MQLs change  (report monthly) MQLs minus the period before's; its funnel's
               change is the same for leads at each stage
  speed-to-lead p50 h  median hours from a handoff to the first touch after it

SLA (funnel report sla, sla check)
  target, delivered, of target %  MQLs delivered in the period against the
               monthly target x months; expected by now = target x elapsed
               share; behind (running) or short (closed) = what is missing
  touched in time, touch late/none, touch pending, touched %  handoffs
               touched within the follow-up window, late or never, and still
               inside the window; touched % = in time / (in time + late/none)
  decided in time, decision late/none, decision pending, decided %  the same
               for accepting or rejecting within the decision window
  speed p50, speed p90  speed-to-lead: handoff to first touch, median and
               90th percentile (linear between the closest ranks)
  waiting touch, waiting decision, longest wait  leads with no touch or no
               decision yet as of the as-of date, and the longest such wait
  SLA verdicts one line per side. Sales: kept or breached, by percentage
               points and handoffs short; a window breaches when its share in
               time is under the required share (90 % by default); pending
               handoffs count neither way. Marketing: kept or breached (MQLs
               short, in total or for a source with its own target) once the
               period is over, on pace or behind pace while it runs.
               sla check exits 3 on a breach.

Pipeline (funnel report pipeline)
  prob %       the stage's probability from the configuration's pipeline
  deals, value open deals and their amounts as of the as-of date
  weighted     value x stage probability
  avg age d    days since opened, averaged
  stale, stale after d  deals with no stage change for longer than the
               stage's threshold (--stale-days, the configuration, else 30)
  last change, idle d  a stale deal's last stage change, and the days since

Assignments (funnel report assignments)
  share %      the rep's handoffs / all handoffs in the period
  weight share %  the rep's weight / all active reps' weights: the share a fair
               spread would give
  undecided    handoffs neither accepted nor rejected yet
  open now     the leads the rep owns today that are not customer,
               disqualified or recycled

Lead velocity (MQLs this period - MQLs last period) / MQLs last period is not a
column of any report yet: report monthly shows MQLs per source over the last
six months.
`;
