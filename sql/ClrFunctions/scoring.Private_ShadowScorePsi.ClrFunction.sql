-- DbScoring version: 0.1.0
-- CLR: the PSI of the shadow's scores against the primary's over the primary's deciles (the runtime's Psi and
-- distribution code, as the embedded store's audit compare), from the score pairs of a run as text
-- "primary,shadow;primary,shadow;..." (floats as CONVERT(varchar, float, 3)). NULL for NULL or no pairs. No data access.
CREATE OR ALTER FUNCTION scoring.Private_ShadowScorePsi
(
    @ScorePairs nvarchar(max)
)
RETURNS float
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[ShadowScorePsiOf];
