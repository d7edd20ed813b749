/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      accessToken\n      accessExpiresAt\n      refreshToken\n      account {\n        ...SessionAccount\n      }\n    }\n  }\n\n  mutation Logout {\n    logout\n  }\n\n  query Me {\n    me {\n      ...SessionAccount\n      visitorKind\n      schoolId\n      elderId\n    }\n  }\n": typeof types.LoginDocument,
    "\n  fragment SessionAccount on Account {\n    id\n    username\n    displayName\n    role\n    areaCode\n  }\n\n  mutation Refresh($refreshToken: String!) {\n    refresh(refreshToken: $refreshToken) {\n      accessToken\n      accessExpiresAt\n      refreshToken\n      account {\n        ...SessionAccount\n      }\n    }\n  }\n": typeof types.SessionAccountFragmentDoc,
};
const documents: Documents = {
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      accessToken\n      accessExpiresAt\n      refreshToken\n      account {\n        ...SessionAccount\n      }\n    }\n  }\n\n  mutation Logout {\n    logout\n  }\n\n  query Me {\n    me {\n      ...SessionAccount\n      visitorKind\n      schoolId\n      elderId\n    }\n  }\n": types.LoginDocument,
    "\n  fragment SessionAccount on Account {\n    id\n    username\n    displayName\n    role\n    areaCode\n  }\n\n  mutation Refresh($refreshToken: String!) {\n    refresh(refreshToken: $refreshToken) {\n      accessToken\n      accessExpiresAt\n      refreshToken\n      account {\n        ...SessionAccount\n      }\n    }\n  }\n": types.SessionAccountFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      accessToken\n      accessExpiresAt\n      refreshToken\n      account {\n        ...SessionAccount\n      }\n    }\n  }\n\n  mutation Logout {\n    logout\n  }\n\n  query Me {\n    me {\n      ...SessionAccount\n      visitorKind\n      schoolId\n      elderId\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionAccount on Account {\n    id\n    username\n    displayName\n    role\n    areaCode\n  }\n\n  mutation Refresh($refreshToken: String!) {\n    refresh(refreshToken: $refreshToken) {\n      accessToken\n      accessExpiresAt\n      refreshToken\n      account {\n        ...SessionAccount\n      }\n    }\n  }\n"): typeof import('./graphql').SessionAccountFragmentDoc;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
