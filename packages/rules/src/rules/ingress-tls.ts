import { defineRule } from '@kpc/core';

/** Hardening: Ingresses terminate TLS. */
export default defineRule({
  id: 'ingress-tls',
  title: 'Ingresses must configure TLS',
  description: 'Every Ingress must have at least one entry in spec.tls.',
  rationale:
    'An Ingress without TLS serves plain HTTP: credentials, session cookies and data cross the network readable and modifiable by anyone on the path.',
  remediation:
    'Add spec.tls with the hosts of the Ingress and a certificate Secret (for example issued by cert-manager), and redirect HTTP to HTTPS in the ingress controller.',
  severity: 'medium',
  category: 'Network',
  controls: [
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Encryption' },
    { standard: 'bsi', id: 'APP.4.4.A7' },
  ],
  target: 'Ingress',
  check: (ing) => (ing.spec?.tls ?? []).length > 0,
  message: (ing) => `Ingress "${ing.metadata?.name ?? ''}" has no spec.tls: configure TLS`,
  notes: [
    'Only the presence of a TLS section is checked, not that it covers every host of the rules, nor the certificate.',
    'TLS configured only through controller-specific annotations (or a default certificate) is not visible here; add spec.tls anyway.',
  ],
  examples: {
    pass: [
      {
        name: 'ingress-with-tls',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
    - host: shop.example.com
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
`,
      },
      {
        name: 'ingress-tls-without-hosts',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls: [{secretName: wildcard-tls}]
  defaultBackend: {service: {name: web, port: {number: 80}}}
`,
      },
    ],
    fail: [
      {
        name: 'ingress-plain-http',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
    - host: shop.example.com
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
`,
        offending: [''],
      },
      {
        name: 'ingress-empty-tls-list',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls: []
  defaultBackend: {service: {name: web, port: {number: 80}}}
`,
        offending: [''],
      },
    ],
  },
});
