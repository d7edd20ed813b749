DROP TABLE office_seals;
