import { defineConfig } from '@kpc/core';
import ciliumIngressPolicy from './rules/cilium-ingress-policy.ts';

// A typed rule over a CRD kind that reads other objects: each workload's pods must be
// selected by a CiliumNetworkPolicy with an ingress section. Compile it for Gatekeeper and
// Kyverno (`--target gatekeeper,kyverno`): a ValidatingAdmissionPolicy cannot read other
// objects, so `--target vap` refuses the rule (VAP_REFERENTIAL).
export default defineConfig({
  rules: [ciliumIngressPolicy],
  manifests: ['manifests'],
  crds: ['crds'],
});
