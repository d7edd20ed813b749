-- 单位印章 (issue #20, 民政部令第67号): the image of a town or village office's seal, printed on
-- the 志愿服务记录证明 it issues. One per office, replaced by the next upload; a PNG or JPEG
-- of at most 1 MiB with its metadata taken out, kept in the database (printable pages are
-- single files: the image goes into the page itself).
CREATE TABLE office_seals (
    area_code TEXT PRIMARY KEY NOT NULL REFERENCES areas (code),
    content_type TEXT NOT NULL,
    image BLOB NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL
);
