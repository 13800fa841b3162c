package org.glimmr.jobs.discover;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.jobs.http.Outcome;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;

/**
 * Freshness of the sources as of a date, one row per problem: {@code no_file} (a hospital with no downloaded MRF:
 * no website, no cms-hpt.txt, nothing fetchable, or every download failing), {@code broken_link} (a listed URL whose
 * latest try failed: 404, server error, HTML page, timeout, ...; or an unreachable website), {@code blocked} (401,
 * 403, 429, CAPTCHA, for the cms-hpt.txt or the file) and {@code stale} (a file published more than a year before:
 * its {@code last_updated_on} once ingested, else the server's Last-Modified).
 */
public final class SourcesReport {
    public static final List<String> COLUMNS = List.of("problem", "hospital_key", "name", "state", "url", "detail");

    private final SparkSession spark;
    private final GlimmrConfig config;

    public SourcesReport(SparkSession spark, GlimmrConfig config) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
    }

    public Dataset<Row> problems(LocalDate asOf) {
        if (!LakehouseCatalog.exists(spark, config, LakehouseTables.HOSPITAL_LIST)) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "no hospital list yet. Fix: ./glimmr hospitals import FILE.csv,"
                    + " then ./glimmr discover and ./glimmr fetch.");
        }
        for (var table : List.of(LakehouseTables.MRF_SOURCES, LakehouseTables.MRF_DOWNLOADS, LakehouseTables.MRF_FILES)) {
            LakehouseCatalog.ensure(spark, config, List.of(table));
        }
        String date = "DATE '" + asOf + "'";
        String good = "('" + Outcome.STORED.label() + "', '" + Outcome.UNCHANGED.label() + "', '" + Outcome.NOT_MODIFIED.label() + "')";
        String blocked = "'" + Outcome.BLOCKED.label() + "'";
        String src = LakehouseTables.MRF_SOURCES.sqlRef(config.lakehouseRoot());
        String dl = LakehouseTables.MRF_DOWNLOADS.sqlRef(config.lakehouseRoot());
        String sql = "WITH hl AS (SELECT hospital_key, name, state, website FROM " + LakehouseTables.HOSPITAL_LIST.sqlRef(config.lakehouseRoot()) + "),"
                + " src AS (SELECT s.* FROM " + src + " s JOIN (SELECT hospital_key, max(run_date) AS d FROM " + src
                + "   WHERE run_date <= " + date + " GROUP BY hospital_key) m ON s.hospital_key = m.hospital_key AND s.run_date = m.d),"
                + " latest AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY mrf_url ORDER BY attempt_at DESC, `try` DESC) AS n"
                + "   FROM " + dl + " WHERE last_try AND run_date <= " + date + ") WHERE n = 1),"
                + " good AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY mrf_url ORDER BY attempt_at DESC) AS n"
                + "   FROM " + dl + " WHERE outcome IN " + good + " AND run_date <= " + date + ") WHERE n = 1),"
                + " good_files AS (SELECT g.mrf_url, f.sha256 AS sha256 FROM good g LATERAL VIEW explode(g.files) x AS f),"
                + " published AS (SELECT gf.mrf_url, min(m.last_updated_on) AS last_updated_on FROM good_files gf JOIN "
                + LakehouseTables.MRF_FILES.sqlRef(config.lakehouseRoot()) + " m ON m.sha256 = gf.sha256 GROUP BY gf.mrf_url),"
                + " urls AS (SELECT DISTINCT s.hospital_key, s.mrf_url, l.outcome, l.http_status, l.message, g.mrf_url IS NOT NULL AS has_file,"
                + "   coalesce(p.last_updated_on, CAST(g.last_modified_at AS DATE)) AS file_date,"
                + "   CASE WHEN p.last_updated_on IS NOT NULL THEN 'last_updated_on' ELSE 'Last-Modified' END AS date_from"
                + "   FROM src s LEFT JOIN latest l ON l.mrf_url = s.mrf_url LEFT JOIN good g ON g.mrf_url = s.mrf_url"
                + "   LEFT JOIN published p ON p.mrf_url = s.mrf_url WHERE s.status = 'found'),"
                + " problems AS ("
                + "  SELECT 'no_file' AS problem, hl.hospital_key, hl.name, hl.state, coalesce(min(src.txt_url), hl.website) AS url,"
                + "   CASE WHEN count(src.hospital_key) = 0 THEN 'not discovered yet: ./glimmr discover'"
                + "   ELSE concat_ws('; ', array_sort(collect_set(CASE WHEN src.status = 'found'"
                + "     THEN 'found in cms-hpt.txt, no successful download (./glimmr fetch)'"
                + "     ELSE concat(src.status, coalesce(concat(': ', src.message), '')) END))) END AS detail"
                + "  FROM hl LEFT JOIN src ON src.hospital_key = hl.hospital_key"
                + "  WHERE NOT EXISTS (SELECT 1 FROM urls u WHERE u.hospital_key = hl.hospital_key AND u.has_file)"
                + "  GROUP BY hl.hospital_key, hl.name, hl.state, hl.website"
                + "  UNION ALL SELECT 'broken_link', hl.hospital_key, hl.name, hl.state, u.mrf_url,"
                + "   concat(u.outcome, coalesce(concat(' (HTTP ', CAST(u.http_status AS STRING), ')'), ''), coalesce(concat(': ', u.message), ''),"
                + "     CASE WHEN u.has_file THEN '; an older download is still in the raw store' ELSE '' END)"
                + "  FROM urls u JOIN hl ON hl.hospital_key = u.hospital_key"
                + "  WHERE u.outcome IS NOT NULL AND u.outcome NOT IN " + good + " AND u.outcome <> " + blocked
                + "  UNION ALL SELECT DISTINCT 'broken_link', hl.hospital_key, hl.name, hl.state, src.txt_url, concat('cms-hpt.txt ', src.status,"
                + "   coalesce(concat(': ', src.message), ''))"
                + "  FROM src JOIN hl ON hl.hospital_key = src.hospital_key WHERE src.status = 'unreachable'"
                + "  UNION ALL SELECT DISTINCT 'blocked', hl.hospital_key, hl.name, hl.state, src.txt_url, concat('cms-hpt.txt: ',"
                + "   coalesce(src.message, 'blocked'))"
                + "  FROM src JOIN hl ON hl.hospital_key = src.hospital_key WHERE src.status = 'blocked'"
                + "  UNION ALL SELECT 'blocked', hl.hospital_key, hl.name, hl.state, u.mrf_url, coalesce(u.message, 'blocked')"
                + "  FROM urls u JOIN hl ON hl.hospital_key = u.hospital_key WHERE u.outcome = " + blocked
                + "  UNION ALL SELECT 'stale', hl.hospital_key, hl.name, hl.state, u.mrf_url,"
                + "   concat('published ', CAST(u.file_date AS STRING), ' (', u.date_from, '), more than a year before ', '" + asOf + "')"
                + "  FROM urls u JOIN hl ON hl.hospital_key = u.hospital_key WHERE u.file_date < date_sub(" + date + ", 365))"
                + " SELECT problem, hospital_key, name, state, url, detail FROM problems ORDER BY problem, state, name, url";
        return spark.sql(sql);
    }
}
