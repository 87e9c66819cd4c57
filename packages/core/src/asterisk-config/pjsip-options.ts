import { effectiveEntries, type AsteriskConfig, type ConfigProblem } from './parse-asterisk-config.js';

const set = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

/**
 * Options chan_pjsip (Asterisk 20/22) accepts per object type, from the res_pjsip configuration
 * reference and `pjsip_configuration.c`. An option not listed makes Asterisk reject the whole
 * object, so the renderer writes only these. The table is deliberately the common subset.
 */
export const PJSIP_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  global: set(`type endpoint_identifier_order user_agent default_outbound_endpoint debug keep_alive_interval
    max_forwards contact_expiration_check_interval disable_multi_domain max_initial_qualify_time unidentified_request_period
    unidentified_request_count unidentified_request_prune_interval default_from_user default_realm mwi_tps_queue_high
    mwi_tps_queue_low mwi_disable_initial_unsolicited ignore_uri_user_options use_callerid_contact send_contact_status_on_update_registration
    taskprocessor_overload_trigger norefersub allow_sending_180_after_183 regcontext default_voicemail_extension`),
  system: set(`type timer_t1 timer_b compact_headers threadpool_initial_size threadpool_auto_increment threadpool_idle_timeout
    threadpool_max_size disable_tcp_switch follow_early_media_fork accept_multiple_sdp_answers disable_rport`),
  transport: set(`type protocol bind async_operations ca_list_file ca_list_path cert_file priv_key_file password
    external_signaling_address external_signaling_port external_media_address domain verify_server verify_client
    require_client_cert method cipher local_net tos cos websocket_write_timeout allow_reload symmetric_transport
    allow_wildcard_certs tcp_keepalive_enable tcp_keepalive_idle_time tcp_keepalive_interval_time tcp_keepalive_probe_count`),
  endpoint: set(`type 100rel aggregate_mwi allow disallow allow_overlap overlap_context aors auth outbound_auth callerid
    callerid_privacy callerid_tag context direct_media_glare_mitigation direct_media_method trust_connected_line
    send_connected_line connected_line_method direct_media disable_direct_media_on_nat dtmf_mode media_address
    bind_rtp_to_media_address force_rport ice_support identify_by redirect_method mailboxes mwi_subscribe_replaces_unsolicited
    voicemail_extension moh_suggest outbound_proxy rewrite_contact rtp_ipv6 rtp_symmetric send_diversion send_history_info
    send_pai send_rpid rpid_immediate timers_min_se timers timers_sess_expires transport trust_id_inbound trust_id_outbound
    use_ptime use_avpf force_avp media_use_received_transport media_encryption media_encryption_optimistic
    inband_progress call_group pickup_group named_call_group named_pickup_group device_state_busy_at t38_udptl
    t38_udptl_ec t38_udptl_maxdatagram fax_detect fax_detect_timeout t38_udptl_nat t38_udptl_ipv6
    t38_bind_udptl_to_media_address tone_zone language one_touch_recording record_on_feature record_off_feature
    rtp_engine allow_transfer user_eq_phone moh_passthrough sdp_owner sdp_session tos_audio tos_video cos_audio
    cos_video allow_subscribe sub_min_expiry from_user mwi_from_user from_domain dtls_verify dtls_rekey
    dtls_auto_generate_cert dtls_cert_file dtls_private_key dtls_cipher dtls_ca_file dtls_ca_path dtls_setup
    dtls_fingerprint srtp_tag_32 set_var message_context accountcode deny permit acl contact_deny contact_permit
    contact_acl subscribe_context contact_user preferred_codec_only asymmetric_rtp_codec rtcp_mux allow_overlap
    refer_blind_progress notify_early_inuse_ringing max_audio_streams max_video_streams bundle webrtc incoming_mwi_mailbox
    follow_early_media_fork accept_multiple_sdp_answers suppress_q850_reason_headers ignore_183_without_sdp
    stir_shaken stir_shaken_profile allow_unauthenticated_options geoloc_incoming_call_profile geoloc_outgoing_call_profile
    security_negotiation security_mechanisms send_aoc codec_prefs_incoming_offer codec_prefs_outgoing_offer
    codec_prefs_incoming_answer codec_prefs_outgoing_answer rtp_keepalive rtp_timeout rtp_timeout_hold g726_non_standard
    outgoing_call_offer_pref incoming_call_offer_pref moh_suggest`),
  auth: set(`type auth_type nonce_lifetime md5_cred password realm username oauth_clientid oauth_secret refresh_token
    password_digest supported_algorithms_uac supported_algorithms_uas`),
  aor: set(`type contact default_expiration mailboxes voicemail_extension maximum_expiration max_contacts minimum_expiration
    remove_existing remove_unavailable qualify_frequency qualify_timeout authenticate_qualify outbound_proxy support_path`),
  registration: set(`type auth_rejection_permanent client_uri contact_user contact_header_params expiration max_retries
    outbound_auth outbound_proxy retry_interval forbidden_retry_interval fatal_retry_interval server_uri transport
    line endpoint support_path support_outbound security_negotiation security_mechanisms user_agent max_random_initial_delay`),
  identify: set(`type endpoint match match_header srv_lookups`),
  acl: set(`type acl contact_acl contact_deny contact_permit deny permit`),
  domain_alias: set(`type domain`),
  contact: set(`type uri expiration_time qualify_frequency qualify_timeout authenticate_qualify outbound_proxy path user_agent endpoint reg_server via_addr via_port call_id prune_on_boot`),
};

/**
 * Checks a parsed `pjsip.conf`: every non-template section has a `type` from {@link PJSIP_OPTIONS}
 * and only options that type accepts (templates applied). Returns the problems, never throws.
 */
export function checkPjsipConfig(config: AsteriskConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const section of config.sections) {
    if (section.isTemplate) continue;
    const entries = effectiveEntries(config, section);
    const types = entries.filter((e) => e.key === 'type');
    const type = types.at(-1)?.value;
    if (type === undefined) {
      problems.push({ code: 'pjsip.missing-type', file: section.file, line: section.line, message: `[${section.name}] has no type` });
      continue;
    }
    const known = PJSIP_OPTIONS[type];
    if (!known) {
      problems.push({ code: 'pjsip.unknown-type', file: section.file, line: section.line, message: `[${section.name}] has unknown type ${type}` });
      continue;
    }
    for (const e of entries) {
      if (!known.has(e.key)) problems.push({ code: 'pjsip.unknown-option', file: e.file, line: e.line, message: `[${section.name}] (${type}) has unknown option ${e.key}` });
      if (e.op !== '=') problems.push({ code: 'pjsip.arrow-option', file: e.file, line: e.line, message: `[${section.name}] uses "=>" for ${e.key}` });
    }
  }
  return problems;
}
