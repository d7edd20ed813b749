-- 导入记录: one import of an elder sheet (.xlsx) — who brought it into which area when, whether
-- anything was written, and its report (JSON: the counts and each failing row's row number,
-- column and reason; never a name, ID number or phone), from which the report sheet is made.
CREATE TABLE elder_imports (
    id TEXT PRIMARY KEY NOT NULL,
    area_code TEXT NOT NULL REFERENCES areas (code),
    imported_by TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    written BOOLEAN NOT NULL,
    report TEXT NOT NULL
);
CREATE INDEX elder_imports_area ON elder_imports (area_code, imported_at);
