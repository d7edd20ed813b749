DROP TABLE district_policies;
