DROP TABLE elder_imports;
