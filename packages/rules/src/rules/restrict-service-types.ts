import { defineRule } from '@kpc/core';

/** Hardening: Services are not exposed on node ports (and, by parameter, not through load balancers). */
export default defineRule({
  id: 'restrict-service-types',
  title: 'Services must not be of type NodePort',
  description:
    'Services must not be of type NodePort; with disallowLoadBalancer, type LoadBalancer is forbidden too.',
  rationale:
    'A NodePort opens the same port on every node, on every node address, outside the control of Ingress and often of NetworkPolicies and firewalls. LoadBalancer Services expose workloads directly to outside networks.',
  remediation:
    'Use type ClusterIP and expose HTTP(S) through an Ingress or Gateway; use LoadBalancer only where the platform allows it.',
  severity: 'medium',
  category: 'Network',
  controls: [
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Network policies' },
    { standard: 'bsi', id: 'APP.4.4.A7' },
  ],
  params: {
    disallowLoadBalancer: {
      type: 'boolean',
      default: false,
      description: 'Also forbid Services of type LoadBalancer.',
    },
  },
  target: 'Service',
  check: (svc, { params }) =>
    svc.spec?.type !== 'NodePort' &&
    (!params.disallowLoadBalancer || svc.spec?.type !== 'LoadBalancer'),
  message: (svc) =>
    `Service "${svc.metadata?.name ?? ''}" has type ${svc.spec?.type ?? ''}: use ClusterIP behind an Ingress or Gateway`,
  notes: [
    'Unset type is ClusterIP and passes. ExternalName and headless Services pass.',
    'A LoadBalancer Service also allocates node ports unless spec.allocateLoadBalancerNodePorts is false; this rule does not check that.',
  ],
  examples: {
    pass: [
      {
        name: 'service-cluster-ip-default',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`,
      },
      {
        name: 'service-load-balancer-allowed-by-default',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 443, targetPort: 8443}]
`,
      },
    ],
    fail: [
      {
        name: 'service-node-port',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
`,
        offending: [''],
      },
      {
        name: 'service-load-balancer-disallowed',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 443, targetPort: 8443}]
`,
        params: { disallowLoadBalancer: true },
        offending: [''],
      },
    ],
  },
});
