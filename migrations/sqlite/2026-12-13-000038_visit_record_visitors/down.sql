DROP TABLE visit_record_visitors;
