-- Indexes for the REST API's paged reads. They live on the curated tables, so the export's staging copies
-- (CREATE TABLE ... (LIKE curated.x INCLUDING ALL)) carry them through every swap.

-- /api/v1/hospitals/{id}/prices pages a hospital's rates by rate_id
CREATE INDEX negotiated_rates_hospital_rate_idx ON curated.negotiated_rates (hospital_id, rate_id);
-- /api/v1/files pages by hash and filters by status
CREATE INDEX files_status_idx ON curated.files (status, sha256);
