-- DbScoring version: 0.1.0
-- Parses the other versions of a ScoreTable run, as the embedded store and the CLI write them: @Shadow and @Fallback
-- N'alias' or N':version'; @Split (@WithPercent = 1) N'alias:percent' or N':version:percent' (percent above 0 and below
-- 100, decimals allowed). IsValid = 0 when the text is none of these; the version itself is resolved by
-- scoring.Private_ResolveVersion.
CREATE OR ALTER FUNCTION scoring.Private_VersionReference
(
    @Reference nvarchar(130),
    @WithPercent bit
)
RETURNS TABLE
AS
RETURN
SELECT IsValid = CONVERT(bit, CASE WHEN r.Ref IS NULL OR LTRIM(RTRIM(r.Ref)) = N'' THEN 0
                                   WHEN LEFT(r.Ref, 1) = N':' AND ISNULL(TRY_CONVERT(int, SUBSTRING(r.Ref, 2, 20)), 0) < 1 THEN 0
                                   WHEN @WithPercent = 1 AND NOT (r.SplitPercent > 0 AND r.SplitPercent < 100) THEN 0
                                   ELSE 1 END),
       AliasName = CASE WHEN LEFT(r.Ref, 1) <> N':' THEN CONVERT(nvarchar(100), LTRIM(RTRIM(r.Ref))) END,
       VersionNumber = CASE WHEN LEFT(r.Ref, 1) = N':' THEN TRY_CONVERT(int, SUBSTRING(r.Ref, 2, 20)) END,
       r.SplitPercent
FROM (SELECT Ref = CASE WHEN @WithPercent = 0 THEN @Reference
                        WHEN CHARINDEX(N':', REVERSE(@Reference)) > 1
                        THEN LEFT(@Reference, LEN(@Reference + N'.') - 1 - CHARINDEX(N':', REVERSE(@Reference))) END,
             SplitPercent = CASE WHEN @WithPercent = 1 AND CHARINDEX(N':', REVERSE(@Reference)) > 1
                                 THEN TRY_CONVERT(float, RIGHT(@Reference, CHARINDEX(N':', REVERSE(@Reference)) - 1)) END) AS r;
