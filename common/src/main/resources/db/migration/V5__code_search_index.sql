-- The code search (GET /api/v1/codes/search, CodeQueries.search) also finds a code typed without its type:
-- `p.code = ?` on curated.hospital_code_prices. Led by code_type, the code index could serve that only by reading
-- every one of its entries, in every partition, for each search. Led by code, it serves it with one descent per
-- partition, and still serves `code_type = ? AND code = ? [AND state = ?]` (a code's prices per hospital).
-- Rebuilding it reads the table once (a few minutes for tens of millions of rows).
DROP INDEX curated.hospital_code_prices_code_idx;
CREATE INDEX hospital_code_prices_code_idx ON curated.hospital_code_prices (code, code_type, state);
