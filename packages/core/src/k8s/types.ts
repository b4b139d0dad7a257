/**
 * Kubernetes types that rules are written against: kubernetes-models 4.5.1, generated from
 * the Kubernetes 1.33 OpenAPI (see docs/kubernetes-version.md for how to move it).
 * Users add their own kinds (e.g. generated from a CRD schema) by augmenting `KindTypes`.
 */

import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEphemeralContainer } from 'kubernetes-models/v1/EphemeralContainer';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodTemplate } from 'kubernetes-models/v1/PodTemplate';
import type { IReplicationController } from 'kubernetes-models/v1/ReplicationController';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export type {
  IContainer as Container,
  IEphemeralContainer as EphemeralContainer,
  IObjectMeta as ObjectMeta,
  IPodSpec as PodSpec,
};

/** Any object that carries a pod spec. */
export type Workload =
  | IPod
  | IDeployment
  | IReplicaSet
  | IStatefulSet
  | IDaemonSet
  | IJob
  | ICronJob
  | IReplicationController
  | IPodTemplate;

/**
 * Kind name → TypeScript type, for `target: { kind: … }` rules. Augment it with
 * `declare module '@kpc/core' { interface KindTypes { MyKind: MyType } }`.
 */
export interface KindTypes {
  Pod: IPod;
  Deployment: IDeployment;
  ReplicaSet: IReplicaSet;
  StatefulSet: IStatefulSet;
  DaemonSet: IDaemonSet;
  Job: IJob;
  CronJob: ICronJob;
  ReplicationController: IReplicationController;
  PodTemplate: IPodTemplate;
  Service: IService;
  Ingress: IIngress;
  NetworkPolicy: INetworkPolicy;
  Namespace: INamespace;
  ConfigMap: IConfigMap;
  Secret: ISecret;
  ServiceAccount: IServiceAccount;
  Role: IRole;
  ClusterRole: IClusterRole;
  RoleBinding: IRoleBinding;
  ClusterRoleBinding: IClusterRoleBinding;
  PodDisruptionBudget: IPodDisruptionBudget;
}

export { KIND_API_VERSIONS } from '@kpc/ir';
