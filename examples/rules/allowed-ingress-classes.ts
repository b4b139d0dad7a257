import { defineRule } from '@kpc/core';

/**
 * Team rule: Ingresses must name one of the platform's ingress classes, so that traffic
 * goes through a controller with the team's TLS, WAF and logging setup.
 */
export default defineRule({
  id: 'allowed-ingress-classes',
  title: 'Ingresses must use an approved ingress class',
  description:
    'spec.ingressClassName of every Ingress must be one of the allowedClasses parameter.',
  rationale:
    'An Ingress without a class, or with an unknown one, may be picked up by a default or stray controller that bypasses the WAF and access logging.',
  remediation: 'Set spec.ingressClassName to one of the approved classes.',
  severity: 'high',
  category: 'Networking',
  controls: [],
  target: 'Ingress',
  params: {
    allowedClasses: {
      type: 'string[]',
      default: ['nginx-internal'],
      description: 'Ingress class names that may be used.',
    },
  },
  check: (ingress, { params }) =>
    params.allowedClasses.includes(ingress.spec?.ingressClassName ?? ''),
  message: (ingress) =>
    `Ingress "${ingress.metadata?.name ?? ''}" uses ingress class "${ingress.spec?.ingressClassName ?? ''}", which is not in allowedClasses`,
  examples: {
    pass: [
      {
        name: 'internal-class',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  ingressClassName: nginx-internal
  rules: [{host: web.internal.example.com}]
`,
      },
      {
        name: 'public-class-allowed-by-param',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  ingressClassName: nginx-public
  rules: [{host: www.example.com}]
`,
        params: { allowedClasses: ['nginx-internal', 'nginx-public'] },
      },
    ],
    fail: [
      {
        name: 'no-class',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules: [{host: web.example.com}]
`,
        offending: [''],
      },
      {
        name: 'unknown-class',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  ingressClassName: traefik
  rules: [{host: web.example.com}]
`,
        offending: [''],
      },
    ],
  },
});
