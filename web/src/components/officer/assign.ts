import { graphql } from '../../gql';

/** Assigns the executor (the queue and the application page offer "take it": the officer themself). */
export const ASSIGN = graphql(`
  mutation AssignApplication($applicationId: ID!, $executorId: ID!) {
    assignApplication(applicationId: $applicationId, executorId: $executorId) { id version executor { id fullName } }
  }
`);
