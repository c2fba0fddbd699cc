/** Where the user's kubeconfig is, as kubectl finds it. */
import { describe, expect, it } from 'vitest';
import { defaultKubeconfigPath } from '../../src/kube/kubeconfig-path.ts';

describe('defaultKubeconfigPath', () => {
  it('finds the kubeconfig like kubectl: $KUBECONFIG, else ~/.kube/config', () => {
    expect(defaultKubeconfigPath({ KUBECONFIG: '/a:/b', HOME: '/home/u' })).toBe('/a:/b');
    expect(defaultKubeconfigPath({ KUBECONFIG: ' ', HOME: '/home/u' })).toBe('/home/u/.kube/config');
    expect(defaultKubeconfigPath({ HOME: '/home/u' })).toBe('/home/u/.kube/config');
  });
});
