/**
 * The provisioning profile checks Telegent applies, run before anything is saved or
 * bought: the Settings form shows them inline and main refuses to save without them.
 * Pure data in, messages out; shared by renderer and main.
 */
import type { ProvisioningProfile } from './domain';
import { FIELD_PATTERNS } from './constants';

export interface ProfileIssue {
  readonly field: keyof ProvisioningProfile;
  readonly message: string;
}

const PRODUCT_CAPABILITIES: Readonly<Record<ProvisioningProfile['ProductType'], { sms: boolean; data: boolean; voice: boolean }>> = {
  'Sms-Only': { sms: true, data: false, voice: false },
  'Data-Only': { sms: false, data: true, voice: false },
  'Sms+Data': { sms: true, data: true, voice: false },
  'Sms+Data+Voice': { sms: true, data: true, voice: true },
};

function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}

/** Every problem with a profile, in form order; empty when Telegent would accept it. */
export function profileIssues(profile: ProvisioningProfile): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  if (profile.NumberType === 'iot' && profile.MessageType === 'a2p') {
    issues.push({ field: 'MessageType', message: 'IoT numbers support p2p messaging only: choose p2p, or number type mvno for a2p.' });
  }
  const caps = PRODUCT_CAPABILITIES[profile.ProductType];
  if (caps.sms !== profile.MessageEnabled || caps.data !== profile.DataEnabled || caps.voice !== profile.VoiceEnabled) {
    issues.push({
      field: 'ProductType',
      message:
        `Product type ${profile.ProductType} needs SMS ${onOff(caps.sms)}, data ${onOff(caps.data)} ` +
        `and voice ${onOff(caps.voice)}; change the switches or the product type.`,
    });
  }
  if (profile.MessageRouteId.trim() === '') {
    issues.push({ field: 'MessageRouteId', message: 'Choose a message route (MRID): Telegent requires one for every number.' });
  }
  if (profile.VoiceEnabled && profile.VoiceRouteId.trim() === '') {
    issues.push({ field: 'VoiceRouteId', message: 'Voice is on: choose a voice route (CRID).' });
  }
  if (profile.AreaCode !== '' && !FIELD_PATTERNS.AreaCode.test(profile.AreaCode)) {
    issues.push({ field: 'AreaCode', message: 'The area code must be 3 digits, for example 801 (or leave it empty).' });
  }
  if (profile.ZipCode !== '' && !FIELD_PATTERNS.ZipCode.test(profile.ZipCode)) {
    issues.push({ field: 'ZipCode', message: 'The ZIP code must be 5 digits, for example 84043 (or leave it empty).' });
  }
  return issues;
}
