// AMI benchmark server (plain Node, run as a child process so that it does not share the
// client's core). Answers Login and empty event lists; `Action: Stream` sends COUNT events from a
// realistic mix as fast as the socket drains, then `Event: BenchDone`. `Action: BigCommand`
// sends one Command response of LINES Output lines in CHUNK-byte writes.

import net from 'node:net';

function block(size) {
  const parts = [];
  for (let i = 0; i < size; i++) {
    const ext = 2001 + (i % 500);
    const call = Math.floor(i / 6);
    const uid = `1795333967.${call}`;
    const chan = `PJSIP/${ext}-${call.toString(16).padStart(8, '0')}`;
    const block = (state, desc) =>
      `Channel: ${chan}\r\nChannelState: ${state}\r\nChannelStateDesc: ${desc}\r\nCallerIDNum: 5551234\r\nCallerIDName: Customer\r\n` +
      `ConnectedLineNum: <unknown>\r\nConnectedLineName: <unknown>\r\nLanguage: en\r\nAccountCode: \r\nContext: default\r\nExten: ${ext}\r\n` +
      `Priority: 1\r\nUniqueid: ${uid}\r\nLinkedid: ${uid}\r\n`;
    switch (i % 6) {
      case 0: parts.push(`Event: Newchannel\r\nPrivilege: call,all\r\n${block(5, 'Ringing')}\r\n`); break;
      case 1: parts.push(`Event: Newstate\r\nPrivilege: call,all\r\n${block(6, 'Up')}\r\n`); break;
      case 2: parts.push(`Event: DeviceStateChange\r\nPrivilege: call,all\r\nDevice: PJSIP/${ext}\r\nState: INUSE\r\n\r\n`); break;
      case 3: parts.push(`Event: Hangup\r\nPrivilege: call,all\r\n${block(6, 'Up')}Cause: 16\r\nCause-txt: Normal Clearing\r\n\r\n`); break;
      case 4: parts.push(`Event: DeviceStateChange\r\nPrivilege: call,all\r\nDevice: PJSIP/${ext}\r\nState: NOT_INUSE\r\n\r\n`); break;
      default: parts.push(`Event: VarSet\r\nPrivilege: dialplan,all\r\n${block(6, 'Up')}Variable: BRIDGEPEER\r\nValue: PJSIP/trunk-1-0000\r\n\r\n`);
    }
  }
  return Buffer.from(parts.join(''), 'latin1');
}

const BLOCK_EVENTS = 6000;
const bytes = block(BLOCK_EVENTS);

const server = net.createServer((sock) => {
  sock.setNoDelay(true);
  sock.on('error', () => {});
  sock.write('Asterisk Call Manager/11.0.0\r\n');
  let buf = '';
  sock.on('data', (d) => {
    buf += d.toString('latin1');
    let idx;
    while ((idx = buf.indexOf('\r\n\r\n')) >= 0) {
      const msg = buf.slice(0, idx);
      buf = buf.slice(idx + 4);
      const h = {};
      for (const line of msg.split('\r\n')) {
        const c = line.indexOf(': ');
        if (c > 0) h[line.slice(0, c).toLowerCase()] = line.slice(c + 2);
      }
      const id = h.actionid;
      const action = (h.action || '').toLowerCase();
      if (action === 'login') sock.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
      else if (action === 'stream') stream(sock, id, Number(h.count));
      else if (action === 'bigcommand') big(sock, id, Number(h.lines), Number(h.chunk));
      else if (action === 'logoff') sock.end(`Response: Goodbye\r\nActionID: ${id}\r\nMessage: Thanks for all the fish.\r\n\r\n`);
      else if (action === 'ping') sock.write(`Response: Success\r\nActionID: ${id}\r\nPing: Pong\r\n\r\n`);
      else sock.write(`Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: ok\r\n\r\nEvent: ${h.action}Complete\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n`);
    }
  });
});

function stream(sock, id, count) {
  sock.write(`Response: Success\r\nActionID: ${id}\r\nMessage: streaming\r\n\r\n`);
  let left = count;
  const pump = () => {
    while (left > 0) {
      let chunk = bytes;
      if (left < BLOCK_EVENTS) {
        // cut the block after `left` messages
        let end = 0;
        for (let n = 0; n < left; n++) end = bytes.indexOf('\r\n\r\n', end) + 4;
        chunk = bytes.subarray(0, end);
      }
      left -= Math.min(left, BLOCK_EVENTS);
      if (!sock.write(chunk)) return sock.once('drain', pump);
    }
    sock.write('Event: BenchDone\r\nPrivilege: system,all\r\n\r\n');
  };
  pump();
}

function big(sock, id, lines, chunk) {
  let text = `Response: Success\r\nActionID: ${id}\r\nMessage: Command output follows\r\n`;
  for (let i = 0; i < lines; i++) text += `Output: ${'PJSIP/' + (2000 + i)}   Not in use    0 of inf   line ${i} ${'.'.repeat(40)}\r\n`;
  text += '\r\n';
  const buf = Buffer.from(text, 'latin1');
  let off = 0;
  const next = () => {
    if (off >= buf.length) return;
    sock.write(buf.subarray(off, off + chunk));
    off += chunk;
    setImmediate(next);
  };
  next();
}

server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
