/** A short human title for each step, used when the step has no name. */
import { describeMatch } from './match.js';
import type { Step } from './types.js';

export function stepTitle(step: Step, defaultCharger: string | undefined): string {
  if (step.name) return step.name;
  const who = step.charger ?? defaultCharger ?? '';
  const on = (connector?: number) => `${who}${connector !== undefined ? `#${connector}` : ''}`;
  const dur = (d: number | string) => (typeof d === 'number' ? `${d}s` : d);
  switch (step.do) {
    case 'connect':
    case 'disconnect':
      return `${step.do} ${who}`;
    case 'boot':
      return `boot ${who}${step.expectStatus ? ` (expect ${step.expectStatus})` : ''}`;
    case 'plug':
    case 'unplug':
      return `${step.do} ${on(step.connector ?? 1)}`;
    case 'authorize':
      return `authorize ${step.idTag} on ${who}`;
    case 'start':
      return `start transaction on ${on(step.connector ?? 1)}${step.idTag ? ` with ${step.idTag}` : ''}`;
    case 'stop':
      return `stop transaction on ${on(step.connector ?? 1)}${step.reason ? ` (${step.reason})` : ''}`;
    case 'meter':
      return `meter ${on(step.connector ?? 1)} for ${dur(step.duration)} at ${step.kw} kW`;
    case 'fault':
      return `fault ${step.kind}${step.errorCode ? ` ${step.errorCode}` : ''} on ${on(step.connector)}`;
    case 'reboot':
      return `reboot ${who} (${step.type ?? 'Soft'})`;
    case 'call':
      return `${who} sends ${step.action}${step.expectReply ? ` expecting ⊇ ${JSON.stringify(step.expectReply)}` : step.expectError ? ` expecting ${step.expectError}` : ''}`;
    case 'send':
      return `CSMS sends ${step.action} to ${who}`;
    case 'middleware':
      return `${step.enabled ? 'enable' : 'disable'} middleware ${step.name}${step.action ? ` on ${step.action}` : ''}`;
    case 'setting':
      return `set ${step.key} = ${JSON.stringify(step.value)}`;
    case 'wait':
      return `wait ${dur(step.duration)}`;
    case 'waitFor':
      return step.frame
        ? `wait for ${describeMatch(step.frame)} (≤ ${dur(step.timeout)})`
        : `wait for ${step.status?.charger ?? who}#${step.status?.connector ?? 1} ${step.status?.status} (≤ ${dur(step.timeout)})`;
    case 'expectFrame':
      return `${step.absent ? 'expect no' : 'expect'} ${describeMatch({ ...step, charger: step.charger })}${step.within !== undefined ? ` within ${dur(step.within)}` : ''}`;
    case 'expectTransaction':
      return `expect ${step.state ?? 'ended'} transaction on ${on(step.connector)}${step.energyWh ? ` with ${step.energyWh.min ?? '…'}–${step.energyWh.max ?? '…'} Wh` : ''}${step.stopReason ? `, reason ${step.stopReason}` : ''}`;
    case 'expectNoCallError':
      return `expect no CALLERROR${step.charger ? ` on ${step.charger}` : ''}`;
  }
}
