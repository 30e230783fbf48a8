-- The klantprofiel as a reader with a gemeente role sees it, for PostGraphile: a computed column
-- `Vergunninghouder.klantprofiel` that applies the gateway's consent rule (gateway/policy.py,
-- klantprofiel_reden) in SQL, so no profile leaves the database without consent in force.
--   latest consent event none        -> reden GEEN_TOESTEMMING
--   latest consent event INGETROKKEN -> reden TOESTEMMING_INGETROKKEN
--   VERLEEND but no version sent     -> reden NOG_NIET_VERZONDEN
--   VERLEEND and a version           -> the latest version (versie, verzonden_op, ambities)
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;

CREATE TYPE bench.klantprofiel_resultaat AS (
    reden text,
    versie integer,
    verzonden_op timestamptz,
    ambities text
);

CREATE FUNCTION bench.vergunninghouder_klantprofiel(v public.vergunninghouder)
RETURNS bench.klantprofiel_resultaat
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        CASE
            WHEN t.soort IS NULL THEN 'GEEN_TOESTEMMING'
            WHEN t.soort = 'INGETROKKEN' THEN 'TOESTEMMING_INGETROKKEN'
            WHEN k.versie IS NULL THEN 'NOG_NIET_VERZONDEN'
        END,
        k.versie,
        k.verzonden_op,
        k.ambities
    FROM (
        SELECT (SELECT soort FROM public.toestemming
                WHERE vergunninghouder_id = v.id ORDER BY id DESC LIMIT 1) AS soort
    ) t
    LEFT JOIN LATERAL (
        SELECT versie, verzonden_op, ambities FROM public.klantprofiel
        WHERE vergunninghouder_id = v.id AND t.soort = 'VERLEEND'
        ORDER BY versie DESC LIMIT 1
    ) k ON true
$$;
