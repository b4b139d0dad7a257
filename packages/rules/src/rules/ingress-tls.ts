import { defineRule, textAfter } from '@kpc/core';

/** Hardening: Ingresses terminate TLS for every host they route. */
export default defineRule({
  id: 'ingress-tls',
  title: 'Ingresses must configure TLS for their hosts',
  description:
    'Every Ingress must have a TLS entry in spec.tls that configures something (hosts or a secretName), and every host of spec.rules must be listed by the hosts of a TLS entry, exactly or by a wildcard that covers it.',
  rationale:
    'An Ingress without TLS serves plain HTTP: credentials, session cookies and data cross the network readable and modifiable by anyone on the path. A TLS section that leaves out one of the routed hosts serves that host in plain HTTP (or with the controller default certificate, which clients reject), however complete it looks.',
  remediation:
    'List every host of spec.rules in spec.tls[].hosts with the certificate Secret that covers it (for example issued by cert-manager), and redirect HTTP to HTTPS in the ingress controller.',
  severity: 'medium',
  category: 'Network',
  controls: [
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Encryption' },
    { standard: 'bsi', id: 'APP.4.4.A7' },
  ],
  target: 'Ingress',
  check: (ing) =>
    (ing.spec?.tls ?? []).some((t) => (t.hosts ?? []).length > 0 || (t.secretName ?? '') !== '') &&
    (ing.spec?.rules ?? []).every(
      (r) =>
        (r.host ?? '') === '' ||
        (ing.spec?.tls ?? []).some((t) =>
          (t.hosts ?? []).some(
            (h) =>
              h === r.host ||
              (!(r.host ?? '').startsWith('.') && h === `*.${textAfter(r.host ?? '', '.')}`),
          ),
        ),
    ),
  message: (ing) => {
    const uncovered = (ing.spec?.rules ?? []).filter(
      (r) =>
        (r.host ?? '') !== '' &&
        !(ing.spec?.tls ?? []).some((t) =>
          (t.hosts ?? []).some(
            (h) =>
              h === r.host ||
              (!(r.host ?? '').startsWith('.') && h === `*.${textAfter(r.host ?? '', '.')}`),
          ),
        ),
    );
    return uncovered[0] !== undefined
      ? `Ingress "${ing.metadata?.name ?? ''}" routes host "${uncovered[0]?.host ?? ''}" without TLS: list it in spec.tls[].hosts`
      : `Ingress "${ing.metadata?.name ?? ''}" has no spec.tls entry with hosts or a secretName: configure TLS`;
  },
  notes: [
    'A TLS host covers a rule host when they are equal, or when the TLS host is "*." followed by everything after the rule host\'s first label: *.example.com covers shop.example.com but neither example.com nor a.shop.example.com, exactly as a wildcard certificate does (RFC 6125). A wildcard rule host (*.example.com) is covered only by the same wildcard: no single-name certificate covers every name it routes.',
    'Rules without a host (catch-all) cannot be named in spec.tls; for them the Ingress needs a TLS entry with hosts or a secretName. An entry with neither ({}) configures nothing and counts as no entry.',
    'Hosts are compared exactly: the API server accepts only lower-case DNS names in both places.',
    'The certificate in the Secret is not inspected, and TLS configured only through controller-specific annotations (or a default certificate) is not visible here; list the hosts in spec.tls anyway.',
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
        name: 'ingress-wildcard-certificate',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls:
    - {hosts: ["*.example.com"], secretName: wildcard-tls}
    - {hosts: [example.com], secretName: apex-tls}
  rules:
    - host: shop.example.com
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
    - host: example.com
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
        name: 'ingress-empty-tls-entry',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls: [{}]
  rules:
    - host: shop.example.com
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
`,
        offending: [''],
      },
      {
        name: 'ingress-host-not-covered',
        yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls: [{hosts: ["*.example.com"], secretName: wildcard-tls}]
  rules:
    - host: shop.example.com
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
    - host: api.shop.example.com
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]
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
