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
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
    }
}

diesel::table! {
    elders (id) {
        id -> Text,
        village_code -> Text,
        name -> Text,
        sex -> Text,
        birth_date -> Date,
        id_number_enc -> Text,
        id_number_index -> Text,
        id_number_masked -> Text,
        phone_enc -> Nullable<Text>,
        phone_masked -> Nullable<Text>,
        residence_address -> Text,
        household_village_code -> Nullable<Text>,
        household_address -> Nullable<Text>,
        urban_rural -> Text,
        ability_level -> Text,
        disease_history -> Nullable<Text>,
        has_dementia -> Bool,
        has_serious_illness -> Bool,
        disability_certificate_enc -> Nullable<Text>,
        disability_certificate_masked -> Nullable<Text>,
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
        shares_with_family -> Bool,
        service_status -> Text,
        service_status_since -> Date,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        policy_facts -> Text,
        facts_since -> Date,
        facts_recorded_at -> Timestamp,
        facts_before -> Text,
        facts_before_since -> Nullable<Date>,
        lost_since -> Nullable<Timestamp>,
    }
}

diesel::table! {
    elder_fact_changes (id) {
        id -> Text,
        elder_id -> Text,
        effective_from -> Date,
        changes -> Text,
        reason -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
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
        phone_enc -> Nullable<Text>,
        phone_masked -> Nullable<Text>,
        visits_often -> Bool,
        lives_with -> Bool,
        birth_date -> Nullable<Date>,
        age -> Nullable<Integer>,
        age_stated_on -> Nullable<Date>,
        sex -> Nullable<Text>,
        ability_level -> Nullable<Text>,
        has_dementia -> Nullable<Bool>,
        disability_grade -> Nullable<Integer>,
    }
}

diesel::table! {
    elder_emergency_contacts (id) {
        id -> Text,
        elder_id -> Text,
        position -> Integer,
        name -> Text,
        relation -> Text,
        phone_enc -> Text,
        phone_masked -> Text,
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

diesel::table! {
    schools (id) {
        id -> Text,
        name -> Text,
        area_code -> Text,
        created_at -> Timestamp,
        minutes_per_credit -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        area_code -> Nullable<Text>,
        school_id -> Nullable<Text>,
        elder_id -> Nullable<Text>,
        visitor_kind -> Nullable<Text>,
        status -> Text,
        id_number_enc -> Nullable<Text>,
        id_number_index -> Nullable<Text>,
        id_number_masked -> Nullable<Text>,
        phone_enc -> Nullable<Text>,
        phone_masked -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        is_minor -> Bool,
        guardian_name -> Nullable<Text>,
        guardian_relation -> Nullable<Text>,
        guardian_phone_enc -> Nullable<Text>,
        guardian_consent_on -> Nullable<Date>,
        approved_by -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        email_enc -> Nullable<Text>,
        email_masked -> Nullable<Text>,
        locale -> Nullable<Text>,
    }
}

diesel::table! {
    notification_opt_outs (user_id, kind) {
        user_id -> Text,
        kind -> Text,
        opted_out_at -> Timestamp,
    }
}

diesel::table! {
    job_runs (job, period) {
        job -> Text,
        period -> Text,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        refresh_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        client_addr -> Nullable<Text>,
    }
}

diesel::table! {
    login_throttle (throttle_key) {
        throttle_key -> Text,
        failures -> Integer,
        first_failure_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_role -> Text,
        action -> Text,
        object_type -> Text,
        object_id -> Nullable<Text>,
        area_code -> Nullable<Text>,
        reason -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
    }
}

diesel::table! {
    district_policies (id) {
        id -> Text,
        district_code -> Text,
        pack_id -> Text,
        effective_from -> Date,
        note -> Nullable<Text>,
        chosen_by -> Text,
        chosen_at -> Timestamp,
    }
}

diesel::table! {
    tier_raises (id) {
        id -> Text,
        elder_id -> Text,
        pack_id -> Text,
        tier_id -> Text,
        raised_on -> Date,
        reason -> Text,
        raised_by -> Text,
        raised_at -> Timestamp,
    }
}

diesel::table! {
    visits (id) {
        id -> Text,
        elder_id -> Text,
        village_code -> Text,
        visited_at -> Timestamp,
        mode -> Text,
        status -> Text,
        source -> Text,
        entered_by -> Text,
        entered_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        rejected_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    closed_months (district_code, month) {
        district_code -> Text,
        month -> Text,
        pack_id -> Text,
        known_at -> Timestamp,
        closed_how -> Text,
        closed_by -> Text,
        closed_at -> Timestamp,
    }
}

diesel::table! {
    closed_month_elders (district_code, month, elder_id) {
        district_code -> Text,
        month -> Text,
        elder_id -> Text,
        village_code -> Text,
        in_rate -> Bool,
        met -> Bool,
        overdue -> Bool,
        contacted -> Bool,
    }
}

diesel::table! {
    closed_month_areas (district_code, month, area_code) {
        district_code -> Text,
        month -> Text,
        area_code -> Text,
        elders -> Integer,
        met -> Integer,
        due -> Integer,
        overdue -> Integer,
        contacted -> Integer,
    }
}

diesel::table! {
    surges (id) {
        id -> Text,
        district_code -> Text,
        area_code -> Text,
        kind -> Text,
        label -> Text,
        starts_on -> Date,
        ends_on -> Date,
        tiers -> Text,
        count -> Integer,
        modes -> Text,
        declared_by -> Text,
        declared_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
        withdrawal_reason -> Nullable<Text>,
        elder_id -> Nullable<Text>,
    }
}

diesel::table! {
    visitor_profiles (user_id) {
        user_id -> Text,
        organisation_kind -> Text,
        organisation_name -> Nullable<Text>,
        home_village_code -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        capacity_per_month -> Integer,
        weekdays -> Text,
        unavailable_dates -> Text,
        skills -> Text,
        languages -> Text,
        sex -> Nullable<Text>,
        dropped_out_on -> Nullable<Date>,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    visit_slots (id) {
        id -> Text,
        elder_id -> Text,
        village_code -> Text,
        month -> Text,
        requirement_key -> Text,
        seq -> Integer,
        label -> Text,
        modes -> Text,
        in_person -> Bool,
        needs_professional -> Bool,
        window_from -> Date,
        window_to -> Date,
        status -> Text,
        holder_id -> Nullable<Text>,
        co_visitor_id -> Nullable<Text>,
        claimed_at -> Nullable<Timestamp>,
        assigned_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    elder_pairings (elder_id) {
        elder_id -> Text,
        contact_user_id -> Text,
        note -> Nullable<Text>,
        paired_by -> Text,
        paired_at -> Timestamp,
    }
}

diesel::table! {
    photos (sha256) {
        sha256 -> Text,
        content_type -> Text,
        byte_size -> Integer,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    record_drafts (submission_id) {
        submission_id -> Text,
        author_id -> Text,
        elder_id -> Text,
        slot_id -> Nullable<Text>,
        body_enc -> Text,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    visit_records (id) {
        id -> Text,
        submission_id -> Text,
        elder_id -> Text,
        village_code -> Text,
        slot_id -> Nullable<Text>,
        visitor_id -> Text,
        submitted_by -> Text,
        visit_no -> Integer,
        started_at -> Timestamp,
        ended_at -> Timestamp,
        mode -> Text,
        status -> Text,
        body_enc -> Text,
        body_sha256 -> Text,
        review_comment -> Nullable<Text>,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
        submitted_at -> Timestamp,
        version -> Integer,
        elder_confirmation -> Nullable<Text>,
        elder_confirmed_at -> Nullable<Timestamp>,
        record_no -> Text,
    }
}

diesel::table! {
    visit_record_visitors (record_id, visitor_id) {
        record_id -> Text,
        visitor_id -> Text,
        co -> Bool,
    }
}

diesel::table! {
    record_photos (record_id, sha256) {
        record_id -> Text,
        sha256 -> Text,
    }
}

diesel::table! {
    record_signals (id) {
        id -> Text,
        record_id -> Text,
        kind -> Text,
        detail -> Text,
        other_record_id -> Nullable<Text>,
        raised_at -> Timestamp,
    }
}

diesel::table! {
    elder_codes (id) {
        id -> Text,
        elder_id -> Text,
        visitor_id -> Text,
        code_hash -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_by_record -> Nullable<Text>,
        visit_on -> Nullable<Date>,
    }
}

diesel::table! {
    risk_cases (id) {
        id -> Text,
        elder_id -> Text,
        village_code -> Text,
        record_id -> Nullable<Text>,
        kind -> Text,
        severity -> Text,
        evidence -> Text,
        status -> Text,
        owner_id -> Nullable<Text>,
        opened_at -> Timestamp,
        due_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<Text>,
        closing_note -> Nullable<Text>,
        version -> Integer,
    }
}

diesel::table! {
    contact_attempts (id) {
        id -> Text,
        elder_id -> Text,
        village_code -> Text,
        slot_id -> Nullable<Text>,
        made_by -> Text,
        attempted_at -> Timestamp,
        mode -> Text,
        reason -> Text,
        note -> Nullable<Text>,
        released_slot -> Bool,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    case_follow_ups (case_id, record_id) {
        case_id -> Text,
        record_id -> Text,
        linked_at -> Timestamp,
    }
}

diesel::table! {
    referrals (id) {
        id -> Text,
        elder_id -> Text,
        village_code -> Text,
        case_id -> Nullable<Text>,
        record_id -> Nullable<Text>,
        target -> Text,
        detail -> Text,
        urgent -> Bool,
        status -> Text,
        status_note -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_by -> Text,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        case_id -> Nullable<Text>,
        channel -> Text,
        recipient_kind -> Text,
        recipient_name -> Text,
        recipient_enc -> Nullable<Text>,
        recipient_masked -> Nullable<Text>,
        recipient_user_id -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        attempts -> Integer,
        kind -> Text,
        params -> Nullable<Text>,
        subject -> Nullable<Text>,
        html_body -> Nullable<Text>,
        attachment_name -> Nullable<Text>,
        attachment -> Nullable<Text>,
        secret -> Bool,
        due_at -> Nullable<Timestamp>,
        leased_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        dead_at -> Nullable<Timestamp>,
        area_code -> Nullable<Text>,
        dedupe_key -> Nullable<Text>,
    }
}

diesel::table! {
    spot_checks (id) {
        id -> Text,
        district_code -> Text,
        month -> Text,
        record_id -> Text,
        visitor_id -> Text,
        drawn_by -> Text,
        drawn_at -> Timestamp,
        outcome -> Nullable<Text>,
        note -> Nullable<Text>,
        checked_by -> Nullable<Text>,
        checked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    ledger_accounts (id) {
        id -> Text,
        book -> Text,
        kind -> Text,
        district_code -> Text,
        user_id -> Nullable<Text>,
        school_id -> Nullable<Text>,
        term -> Nullable<Text>,
        no_overdraft -> Bool,
        debits_posted -> BigInt,
        credits_posted -> BigInt,
        created_at -> Timestamp,
        elder_id -> Nullable<Text>,
    }
}

diesel::table! {
    care_services (id) {
        id -> Text,
        redemption_id -> Nullable<Text>,
        account_id -> Nullable<Text>,
        recipient_user_id -> Nullable<Text>,
        elder_id -> Nullable<Text>,
        provider_id -> Nullable<Text>,
        service -> Text,
        kind -> Nullable<Text>,
        minutes -> BigInt,
        given_at -> Nullable<Timestamp>,
        elder_confirmation -> Nullable<Text>,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ledger_transfers (id) {
        id -> Text,
        debit_account_id -> Text,
        credit_account_id -> Text,
        amount_minutes -> BigInt,
        kind -> Text,
        record_id -> Nullable<Text>,
        reverses_id -> Nullable<Text>,
        memo -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    service_certifications (id) {
        id -> Text,
        account_id -> Text,
        school_id -> Text,
        student_id -> Text,
        term -> Text,
        recorded_minutes -> BigInt,
        certified_minutes -> BigInt,
        decision -> Text,
        comment -> Nullable<Text>,
        credit_tenths -> BigInt,
        certificate_no -> Nullable<Text>,
        certified_by -> Text,
        certified_at -> Timestamp,
    }
}

diesel::table! {
    office_seals (area_code) {
        area_code -> Text,
        content_type -> Text,
        image -> Binary,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    service_proofs (id) {
        id -> Text,
        issuer_area_code -> Text,
        year -> Integer,
        seq -> Integer,
        visitor_id -> Text,
        period_from -> Date,
        period_to -> Date,
        services -> Integer,
        minutes -> BigInt,
        content -> Text,
        issued_by -> Text,
        issued_at -> Timestamp,
    }
}

diesel::table! {
    service_corrections (id) {
        id -> Text,
        visitor_id -> Text,
        record_id -> Text,
        area_code -> Text,
        recorded_minutes -> BigInt,
        requested_minutes -> BigInt,
        reason -> Text,
        status -> Text,
        decision_reason -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        area_code -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    organisation_members (organisation_id, user_id) {
        organisation_id -> Text,
        user_id -> Text,
        is_admin -> Bool,
        joined_at -> Timestamp,
    }
}

diesel::table! {
    service_contracts (id) {
        id -> Text,
        organisation_id -> Text,
        area_code -> Text,
        starts_on -> Date,
        ends_on -> Date,
        promised_visits -> Integer,
        promised_minutes -> BigInt,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (user_id) {
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(elders -> areas (village_code));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(elder_categories -> elders (elder_id));
diesel::joinable!(elder_family_members -> elders (elder_id));
diesel::joinable!(elder_emergency_contacts -> elders (elder_id));
diesel::joinable!(elder_status_changes -> elders (elder_id));
diesel::joinable!(elder_reviews -> elders (elder_id));
diesel::joinable!(elder_changes -> elders (elder_id));
diesel::joinable!(elder_fact_changes -> elders (elder_id));
diesel::joinable!(tier_raises -> elders (elder_id));
diesel::joinable!(visit_slots -> elders (elder_id));
diesel::joinable!(visitor_profiles -> users (user_id));
diesel::table! {
    elder_imports (id) {
        id -> Text,
        area_code -> Text,
        imported_by -> Text,
        imported_at -> Timestamp,
        written -> Bool,
        report -> Text,
    }
}

diesel::joinable!(calendar_feeds -> users (user_id));
diesel::joinable!(visit_records -> elders (elder_id));
diesel::joinable!(record_photos -> visit_records (record_id));
diesel::joinable!(visit_record_visitors -> visit_records (record_id));
diesel::joinable!(record_signals -> visit_records (record_id));
diesel::joinable!(case_follow_ups -> risk_cases (case_id));
diesel::joinable!(risk_cases -> elders (elder_id));
diesel::joinable!(contact_attempts -> elders (elder_id));

diesel::table! {
    capacity_reductions (id) {
        id -> Text,
        visitor_id -> Text,
        original_capacity -> Integer,
        reduced_to -> Integer,
        no_shows -> Integer,
        period_days -> Integer,
        reduced_at -> Timestamp,
        restored_at -> Nullable<Timestamp>,
        restored_by -> Nullable<Text>,
    }
}

diesel::table! {
    no_shows (slot_id) {
        slot_id -> Text,
        visitor_id -> Text,
        village_code -> Text,
        window_to -> Date,
        marked_at -> Timestamp,
        reduction_id -> Nullable<Text>,
    }
}

diesel::joinable!(no_shows -> visit_slots (slot_id));

diesel::table! {
    training_sessions (id) {
        id -> Text,
        area_code -> Text,
        topic -> Text,
        held_on -> Date,
        minutes -> Integer,
        place -> Text,
        note -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    training_attendees (session_id, visitor_id) {
        session_id -> Text,
        visitor_id -> Text,
    }
}

diesel::table! {
    commendations (id) {
        id -> Text,
        visitor_id -> Text,
        area_code -> Text,
        title -> Text,
        awarded_on -> Date,
        reason -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    evaluations (id) {
        id -> Text,
        visitor_id -> Text,
        area_code -> Text,
        period -> Text,
        grade -> Text,
        comment -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(training_attendees -> training_sessions (session_id));

diesel::allow_tables_to_appear_in_same_query!(
    training_sessions,
    training_attendees,
    commendations,
    evaluations,
    capacity_reductions,
    no_shows,
    areas,
    contact_attempts,
    elders,
    elder_categories,
    elder_family_members,
    elder_emergency_contacts,
    elder_status_changes,
    elder_reviews,
    elder_changes,
    elder_fact_changes,
    closed_months,
    closed_month_elders,
    closed_month_areas,
    schools,
    users,
    sessions,
    notification_opt_outs,
    job_runs,
    login_throttle,
    audit_log,
    district_policies,
    tier_raises,
    visits,
    surges,
    visitor_profiles,
    visit_slots,
    elder_pairings,
    photos,
    record_drafts,
    visit_records,
    record_photos,
    record_signals,
    elder_codes,
    risk_cases,
    case_follow_ups,
    referrals,
    outbox,
    spot_checks,
    ledger_accounts,
    ledger_transfers,
    service_certifications,
    care_services,
    calendar_feeds,
    service_proofs,
    organisations,
    organisation_members,
    service_contracts,
    service_corrections,
    elder_imports,
    office_seals,
    visit_record_visitors,
);
