import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '../../api/hooks';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { OrganizerAreaDocument, OrganizerCreateElderDocument, OrganizerElderFileDocument, OrganizerUpdateElderDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { ElderFileForm, type Village } from './ElderFileForm';
import { emptyForm, fromElder } from './elderForm';
import { districtToday, useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  mutation OrganizerCreateElder($input: ElderFileInput!) {
    createElder(input: $input) { id }
  }

  query OrganizerElderFile($id: String!) {
    elder(id: $id) {
      id version name idNumber birthDate sex phone villageCode residenceAddress
      householdVillageCode householdAddress urbanRural abilityLevel diseaseHistory hasDementia
      hasSeriousIllness disabilityCertificateNo disabilityGrade economicStatus hardshipSupport
      monthlyIncomeYuan pensionYuan subsidies livingArrangement
      familyMembers {
        name relation health phone visitsOften livesWith birthDate age ageStatedOn sex abilityLevel
        hasDementia disabilityGrade
      }
      childrenAwayLocation childrenAwaySince childrenPlannedReturn
      emergencyContacts { order name relation phone }
      categories helpReceived riskLevel riskAssessedOn riskAssessor consent consentNote
      consentRecordedOn sharesWithFamily
    }
  }

  mutation OrganizerUpdateElder($id: String!, $version: Int!, $input: ElderFileInput!, $effectiveFrom: LocalDate, $reason: String) {
    updateElder(id: $id, version: $version, input: $input, effectiveFrom: $effectiveFrom, reason: $reason) { id version }
  }
`;

/** The villages an organizer registers elders in: a town's villages, or village staff's own. */
function useVillages(): { villages: Village[]; loading: boolean } {
  const areaCode = useAreaCode();
  const area = useQuery(OrganizerAreaDocument, { code: areaCode ?? '' }, { skip: !areaCode });
  const a = area.data?.area;
  const villages = !a ? [] : a.level === 'VILLAGE' ? [{ code: a.code, name: a.name }] : a.children;
  return { villages, loading: area.loading };
}

/** 登记老人: a blank 登记表; lands on the new elder's page. */
export function ElderRegisterPage() {
  const t = useT();
  const m = t.organizer.elderFile;
  const navigate = useNavigate();
  const { villages, loading } = useVillages();
  const [create, state] = useMutation(OrganizerCreateElderDocument);
  return (
    <Page title={m.registerTitle} actions={<Link to="/o/elders">{t.organizer.back}</Link>}>
      {loading ? null : (
        <ElderFileForm
          initial={emptyForm(villages.length === 1 ? villages[0]!.code : '')}
          villages={villages}
          submitLabel={m.submitRegister}
          busy={state.loading}
          error={state.error ?? null}
          cancelTo="/o/elders"
          onSubmit={(input) => {
            void create({ input }).then((data) => {
              if (data) navigate(`/o/elders/${data.createElder.id}`);
            });
          }}
        />
      )}
    </Page>
  );
}

/**
 * 编辑档案: the same form filled from the file as read, with 生效日期 and 变更原因; sends the
 * version read, so a file changed meanwhile is refused (explained in words), never overwritten.
 */
export function ElderEditPage() {
  const t = useT();
  const m = t.organizer.elderFile;
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { villages } = useVillages();
  const elder = useQuery(OrganizerElderFileDocument, { id });
  const [update, state] = useMutation(OrganizerUpdateElderDocument);
  const [effectiveFrom, setEffectiveFrom] = useState(districtToday());
  const [reason, setReason] = useState('');
  const name = elder.data?.elder?.name ?? '';
  return (
    <Page title={name ? format(m.editTitle, { name }) : m.edit} actions={<Link to={`/o/elders/${id}`}>{t.organizer.back}</Link>}>
      <QueryView query={elder} isEmpty={(d) => d.elder == null}>
        {(d) => {
          const e = d.elder!;
          return (
            <ElderFileForm
              initial={fromElder(e)}
              villages={villages}
              editing
              submitLabel={m.submitEdit}
              busy={state.loading}
              error={state.error ?? null}
              errorNote={state.error?.code === 'VERSION_CONFLICT' ? m.versionConflict : undefined}
              cancelTo={`/o/elders/${id}`}
              extra={
                <fieldset className="ef-section">
                  <legend>{m.secChange}</legend>
                  <div className="ef-grid">
                    <Field
                      label={m.effectiveFrom}
                      name="effectiveFrom"
                      type="date"
                      value={effectiveFrom}
                      onChange={(ev) => setEffectiveFrom(ev.target.value)}
                      error={state.error}
                      hint={m.effectiveFromHint}
                    />
                    <Field label={m.reason} name="reason" value={reason} onChange={(ev) => setReason(ev.target.value)} error={state.error} hint={m.reasonHint} />
                  </div>
                </fieldset>
              }
              onSubmit={(input) => {
                void update({ id, version: e.version, input, effectiveFrom: effectiveFrom || null, reason: reason.trim() || null }).then((data) => {
                  if (data) navigate(`/o/elders/${id}`);
                });
              }}
            />
          );
        }}
      </QueryView>
    </Page>
  );
}
