//! Table definitions shared by both backends (only portable column types).

diesel::table! {
    areas (code) {
        code -> Text,
        level -> Text,
        name -> Text,
        parent_code -> Nullable<Text>,
        urban_rural -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    elders (id) {
        id -> Text,
        village_code -> Text,
        name -> Text,
        sex -> Text,
        birth_date -> Date,
        id_number -> Text,
        phone -> Nullable<Text>,
        residence_address -> Text,
        household_village_code -> Nullable<Text>,
        household_address -> Nullable<Text>,
        urban_rural -> Text,
        ability_level -> Text,
        disease_history -> Nullable<Text>,
        has_dementia -> Bool,
        has_serious_illness -> Bool,
        disability_certificate_no -> Nullable<Text>,
        disability_grade -> Nullable<Integer>,
        economic_status -> Text,
        hardship_support -> Nullable<Text>,
        monthly_income_yuan -> Nullable<Integer>,
        pension_yuan -> Nullable<Integer>,
        subsidies -> Nullable<Text>,
        living_arrangement -> Text,
        children_away_location -> Nullable<Text>,
        children_away_since -> Nullable<Date>,
        children_planned_return -> Nullable<Date>,
        help_received -> Nullable<Text>,
        risk_level -> Nullable<Text>,
        risk_assessed_on -> Nullable<Date>,
        risk_assessor -> Nullable<Text>,
        consent -> Text,
        consent_note -> Nullable<Text>,
        consent_recorded_on -> Nullable<Date>,
        service_status -> Text,
        service_status_since -> Date,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    elder_categories (elder_id, category) {
        elder_id -> Text,
        category -> Text,
    }
}

diesel::table! {
    elder_family_members (id) {
        id -> Text,
        elder_id -> Text,
        position -> Integer,
        name -> Text,
        relation -> Text,
        health -> Nullable<Text>,
        phone -> Nullable<Text>,
        visits_often -> Bool,
        lives_with -> Bool,
    }
}

diesel::table! {
    elder_emergency_contacts (id) {
        id -> Text,
        elder_id -> Text,
        position -> Integer,
        name -> Text,
        relation -> Text,
        phone -> Text,
    }
}

diesel::table! {
    elder_status_changes (id) {
        id -> Text,
        elder_id -> Text,
        status -> Text,
        effective_on -> Date,
        note -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    elder_reviews (id) {
        id -> Text,
        elder_id -> Text,
        reviewed_on -> Date,
        reviewer -> Text,
        note -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    elder_changes (id) {
        id -> Text,
        elder_id -> Text,
        version -> Integer,
        action -> Text,
        changes -> Text,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::joinable!(elders -> areas (village_code));
diesel::joinable!(elder_categories -> elders (elder_id));
diesel::joinable!(elder_family_members -> elders (elder_id));
diesel::joinable!(elder_emergency_contacts -> elders (elder_id));
diesel::joinable!(elder_status_changes -> elders (elder_id));
diesel::joinable!(elder_reviews -> elders (elder_id));
diesel::joinable!(elder_changes -> elders (elder_id));

diesel::allow_tables_to_appear_in_same_query!(
    areas,
    elders,
    elder_categories,
    elder_family_members,
    elder_emergency_contacts,
    elder_status_changes,
    elder_reviews,
    elder_changes,
);
