DROP INDEX areas_level_code;
