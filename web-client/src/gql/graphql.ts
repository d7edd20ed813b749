/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** 角色 — an account's role. */
export type Role =
  /** 区民政局管理员 */
  | 'DISTRICT_ADMIN'
  /** 家属/紧急联系人 */
  | 'FAMILY'
  /** 学校管理员 */
  | 'SCHOOL_ADMIN'
  /** 镇街组织者 */
  | 'TOWN_ORGANIZER'
  /** 村(居)工作人员 */
  | 'VILLAGE_STAFF'
  /** 探访人员 */
  | 'VISITOR';

/** 探访人员类型 — kinds of visitor that rules distinguish. */
export type VisitorKind =
  /** 专业人员（社工/家庭医生/第三方机构） */
  | 'PROFESSIONAL'
  /** 低龄健康老年人 */
  | 'SENIOR_VOLUNTEER'
  /** 在校学生 */
  | 'STUDENT'
  /** 志愿者 */
  | 'VOLUNTEER';

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login: { accessToken: string, accessExpiresAt: string, refreshToken: string, account: { id: string, username: string, displayName: string, role: Role | null, areaCode: string | null } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { visitorKind: VisitorKind | null, schoolId: string | null, elderId: string | null, id: string, username: string, displayName: string, role: Role | null, areaCode: string | null } };

export type SessionAccountFragment = { id: string, username: string, displayName: string, role: Role | null, areaCode: string | null };

export type RefreshMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshMutation = { refresh: { accessToken: string, accessExpiresAt: string, refreshToken: string, account: { id: string, username: string, displayName: string, role: Role | null, areaCode: string | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SessionAccountFragmentDoc = new TypedDocumentString(`
    fragment SessionAccount on Account {
  id
  username
  displayName
  role
  areaCode
}
    `, {"fragmentName":"SessionAccount"}) as unknown as TypedDocumentString<SessionAccountFragment, unknown>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    accessToken
    accessExpiresAt
    refreshToken
    account {
      ...SessionAccount
    }
  }
}
    fragment SessionAccount on Account {
  id
  username
  displayName
  role
  areaCode
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...SessionAccount
    visitorKind
    schoolId
    elderId
  }
}
    fragment SessionAccount on Account {
  id
  username
  displayName
  role
  areaCode
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const RefreshDocument = new TypedDocumentString(`
    mutation Refresh($refreshToken: String!) {
  refresh(refreshToken: $refreshToken) {
    accessToken
    accessExpiresAt
    refreshToken
    account {
      ...SessionAccount
    }
  }
}
    fragment SessionAccount on Account {
  id
  username
  displayName
  role
  areaCode
}`) as unknown as TypedDocumentString<RefreshMutation, RefreshMutationVariables>;