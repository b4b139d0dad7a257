import { defineRule } from '@kpc/core';

/** Hardening: Services do not claim external IPs (CVE-2020-8554). */
export default defineRule({
  id: 'restrict-service-external-ips',
  title: 'Services must not set externalIPs',
  description: 'Services must leave spec.externalIPs unset or empty.',
  rationale:
    'Whoever can create a Service with externalIPs can make kube-proxy capture traffic for any IP address in the cluster, including addresses of other workloads or outside services (CVE-2020-8554, a man-in-the-middle by design).',
  remediation:
    'Remove spec.externalIPs; expose the Service through type LoadBalancer or an Ingress/Gateway managed by the platform.',
  severity: 'high',
  category: 'Network',
  controls: [
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Network policies' },
    { standard: 'bsi', id: 'APP.4.4.A7' },
  ],
  target: 'Service',
  check: (svc) => (svc.spec?.externalIPs ?? []).length === 0,
  message: (svc) =>
    `Service "${svc.metadata?.name ?? ''}" sets spec.externalIPs (CVE-2020-8554): remove them`,
  notes: [
    'An empty list passes. status.loadBalancer.ingress (assigned by the cloud provider) is not checked.',
    'Kubernetes offers the DenyServiceExternalIPs admission plugin for the same purpose; this rule catches it before apply.',
  ],
  examples: {
    pass: [
      {
        name: 'service-without-external-ips',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`,
      },
      {
        name: 'service-empty-external-ips',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  externalIPs: []
  selector: {app: web}
  ports: [{port: 443, targetPort: 8443}]
`,
      },
    ],
    fail: [
      {
        name: 'service-external-ip',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  externalIPs: [203.0.113.10]
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`,
        offending: [''],
      },
      {
        name: 'service-hijacks-dns-ip',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: innocent, namespace: team-a}
spec:
  type: ClusterIP
  externalIPs: [8.8.8.8, 1.1.1.1]
  selector: {app: proxy}
  ports: [{port: 53, targetPort: 5353, protocol: UDP}]
`,
        offending: [''],
      },
    ],
  },
});
