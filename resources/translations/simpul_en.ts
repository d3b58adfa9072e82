<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="id">
  <context>
    <name>ApprovalPanel</name>
    <message>
      <source>Buka laporan</source>
      <translation type="vanished">Open report</translation>
    </message>
    <message>
      <source>Setujui</source>
      <translation type="vanished">Approve</translation>
    </message>
    <message>
      <source>Kembalikan…</source>
      <translation type="vanished">Return…</translation>
    </message>
    <message>
      <source>Lihat laporan lengkap yang dijawab tindak lanjut ini</source>
      <translation>See the full report this follow-up answers</translation>
    </message>
    <message>
      <source>Setujui dan terbitkan</source>
      <translation type="vanished">Approve and publish</translation>
    </message>
    <message>
      <source>Teks di atas diterbitkan untuk pelapor pada sinkronisasi berikutnya</source>
      <translation type="vanished">The text above is published to the reporter at the next sync</translation>
    </message>
    <message>
      <source>Kembalikan ke petugas…</source>
      <translation type="vanished">Return to officer…</translation>
    </message>
    <message>
      <source>Minta petugas memperbaiki teks; tulis catatan apa yang perlu diubah</source>
      <translation>Ask the officer to revise the text; write a note on what to change</translation>
    </message>
    <message>
      <source>Tidak ada tindak lanjut yang menunggu persetujuan. Tindak lanjut yang dikirim petugas muncul di sini setelah sinkronisasi.</source>
      <translation>No follow-up is waiting for approval. Follow-ups sent by officers appear here after a sync.</translation>
    </message>
    <message>
      <source>Teks tindak lanjut yang akan diterbitkan:</source>
      <translation type="vanished">Follow-up text to be published:</translation>
    </message>
    <message>
      <source>&amp;Buka laporan</source>
      <translation>&amp;Open report</translation>
    </message>
    <message>
      <source>&amp;Setujui dan terbitkan…</source>
      <translation>&amp;Approve and publish…</translation>
    </message>
    <message>
      <source>Teks tindak lanjut diterbitkan untuk pelapor pada sinkronisasi berikutnya</source>
      <translation>The follow-up text is published for the reporter at the next sync</translation>
    </message>
    <message>
      <source>&amp;Kembalikan ke petugas…</source>
      <translation>&amp;Return to the officer…</translation>
    </message>
    <message>
      <source>Pengaduan warga</source>
      <translation>The citizen's complaint</translation>
    </message>
    <message>
      <source>Tindak lanjut yang akan diterbitkan</source>
      <translation>The follow-up to be published</translation>
    </message>
    <message>
      <source>Lampiran: tidak ada</source>
      <translation>Attachments: none</translation>
    </message>
    <message numerus="yes">
      <source>Lampiran (%n): </source>
      <translation>
        <numerusform>Attachment (%n): </numerusform>
        <numerusform>Attachments (%n): </numerusform>
      </translation>
    </message>
    <message>
      <source>Tidak ada tindak lanjut yang menunggu persetujuan.</source>
      <translation>No follow-ups are awaiting approval.</translation>
    </message>
    <message>
      <source>No. Pelacakan %1 · ditulis oleh %2 · %3</source>
      <translation>Tracking no. %1 · written by %2 · %3</translation>
    </message>
    <message>
      <source>(belum ada)</source>
      <translation>(none yet)</translation>
    </message>
    <message>
      <source>(tidak diketahui)</source>
      <translation>(unknown)</translation>
    </message>
    <message>
      <source>Terbitkan tindak lanjut</source>
      <translation>Publish follow-up</translation>
    </message>
    <message>
      <source>Terbitkan tindak lanjut ini untuk pelapor laporan %1?</source>
      <translation>Publish this follow-up for the reporter of report %1?</translation>
    </message>
    <message>
      <source>Setelah sinkronisasi, pelapor dapat membacanya. Teks tidak dapat ditarik.</source>
      <translation>After the next sync the reporter can read it. The text cannot be taken back.</translation>
    </message>
    <message>
      <source>Terbitkan</source>
      <translation>Publish</translation>
    </message>
    <message>
      <source>Batal</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Kembalikan tindak lanjut</source>
      <translation type="vanished">Return follow-up</translation>
    </message>
    <message>
      <source>Catatan untuk petugas:</source>
      <translation type="vanished">Note for the officer:</translation>
    </message>
  </context>
  <context>
    <name>AssignDialog</name>
    <message>
      <source>Tugaskan laporan</source>
      <translation>Assign report</translation>
    </message>
    <message>
      <source>— Belum ditugaskan —</source>
      <translation>— Not assigned —</translation>
    </message>
    <message>
      <source>Petugas yang dipilih melihat laporan ini di “Ditugaskan kepada Saya” setelah sinkronisasi.</source>
      <translation>The chosen officer sees this report under “Assigned to Me” after the next sync.</translation>
    </message>
    <message>
      <source>&amp;Petugas:</source>
      <translation>&amp;Officer:</translation>
    </message>
    <message>
      <source>Tugaskan</source>
      <translation>Assign</translation>
    </message>
    <message>
      <source>Batal</source>
      <translation type="vanished">Cancel</translation>
    </message>
  </context>
  <context>
    <name>AttachmentList</name>
    <message>
      <source>Tidak ada lampiran.</source>
      <translation>No attachments.</translation>
    </message>
    <message>
      <source>Buka</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>Lampiran belum ada di komputer ini dan server tidak tersambung.</source>
      <translation>The attachment is not on this computer yet and the server is not connected.</translation>
    </message>
    <message>
      <source>Berkas lampiran di komputer ini rusak atau tidak terbaca.</source>
      <translation>The attachment file on this computer is damaged or unreadable.</translation>
    </message>
  </context>
  <context>
    <name>Attachments</name>
    <message>
      <source>Berkas terlalu besar ({mb:.1f} MB). Batas lampiran 20 MB.</source>
      <translation>File too large ({mb:.1f} MB). The attachment limit is 20 MB.</translation>
    </message>
    <message>
      <source>Berkas tidak ditemukan.</source>
      <translation>File not found.</translation>
    </message>
  </context>
  <context>
    <name>BacklogChart</name>
    <message>
      <source>Grafik tunggakan per minggu</source>
      <translation>Weekly backlog chart</translation>
    </message>
    <message>
      <source>Minggu %1: %2 terbuka, %3 masuk, %4 dijawab</source>
      <translation>Week of %1: %2 open, %3 received, %4 answered</translation>
    </message>
  </context>
  <context>
    <name>ConflictsPanel</name>
    <message>
      <source>Versi saya</source>
      <translation type="vanished">My version</translation>
    </message>
    <message>
      <source>Versi server</source>
      <translation type="vanished">Server version</translation>
    </message>
    <message>
      <source>Pakai versi saya</source>
      <translation>Keep my version</translation>
    </message>
    <message>
      <source>Kirim ulang perubahan saya di atas versi pusat.</source>
      <translation>Send my change again on top of the central version.</translation>
    </message>
    <message>
      <source>Pakai versi server</source>
      <translation>Take the server's version</translation>
    </message>
    <message>
      <source>Buang perubahan saya; versi pusat yang berlaku.</source>
      <translation>Discard my change; the central version stands.</translation>
    </message>
    <message>
      <source>Salin ke draf baru</source>
      <translation>Copy to a new draft</translation>
    </message>
    <message>
      <source>Simpan teks saya sebagai draf untuk diolah lagi.</source>
      <translation>Keep my text as a draft to work on again.</translation>
    </message>
    <message>
      <source>Tidak ada konflik. Semua perubahan Anda cocok dengan pusat.</source>
      <translation>No conflicts. All your changes agree with the central server.</translation>
    </message>
    <message>
      <source>Versi saya (di komputer ini)</source>
      <translation>My version (on this computer)</translation>
    </message>
    <message>
      <source>Versi server (pusat)</source>
      <translation>Server version (central)</translation>
    </message>
    <message>
      <source>Yang berbeda (- pusat, + saya)</source>
      <translation>What differs (- central, + mine)</translation>
    </message>
    <message>
      <source>Tindak lanjut</source>
      <translation>Follow-ups</translation>
    </message>
    <message>
      <source>Draf</source>
      <translation>Drafts</translation>
    </message>
    <message>
      <source>Laporan</source>
      <translation>Report</translation>
    </message>
    <message>
      <source>(laporan tidak ada di komputer ini)</source>
      <translation>(report not on this computer)</translation>
    </message>
    <message>
      <source>(tidak ada teks di pusat)</source>
      <translation>(no text on the central server)</translation>
    </message>
    <message>
      <source>Yang berbeda</source>
      <translation type="vanished">What differs</translation>
    </message>
    <message>
      <source>Data ini sudah diubah di pusat sejak Anda mulai mengubahnya.</source>
      <translation>This was changed on the central server after you started changing it.</translation>
    </message>
    <message>
      <source>Status laporan di pusat tidak lagi mengizinkan perubahan ini.</source>
      <translation>The report's status on the central server no longer allows this change.</translation>
    </message>
    <message>
      <source>Laporan ini sudah tidak ada di kotak Anda (mungkin dialihkan).</source>
      <translation>This report is no longer in your boxes (it may have been handed off).</translation>
    </message>
    <message>
      <source>Laporan ini sudah ditutup sehingga draf tidak bisa dikirim.</source>
      <translation>This report is closed, so the draft cannot be sent.</translation>
    </message>
    <message>
      <source>Pusat menolak perubahan ini.</source>
      <translation>The central server refused this change.</translation>
    </message>
    <message>
      <source>Tindak lanjut ini ditulis rekan Anda; perubahan Anda tidak menimpanya.</source>
      <translation>A colleague wrote this follow-up; your change does not overwrite it.</translation>
    </message>
    <message>
      <source>Permintaan pelimpahan sebelumnya masih menunggu keputusan.</source>
      <translation>An earlier hand-off request is still waiting for a decision.</translation>
    </message>
  </context>
  <context>
    <name>CrashDialog</name>
    <message>
      <source>Terjadi kesalahan tak terduga</source>
      <translation>An unexpected error occurred</translation>
    </message>
    <message>
      <source>Simpul mengalami kesalahan tak terduga. Pekerjaan yang sudah disimpan tetap aman.

Laporan kesalahan disimpan di:
{path}

Kirimkan berkas ini ke petugas dukungan TI. Berkas ini tidak memuat data pelapor.</source>
      <translation>Simpul ran into an unexpected error. Work already saved is safe.

An error report was saved to:
{path}

Send this file to IT support. It contains no reporter data.</translation>
    </message>
  </context>
  <context>
    <name>DashboardPage</name>
    <message>
      <source>Januari</source>
      <translation>January</translation>
    </message>
    <message>
      <source>Februari</source>
      <translation>February</translation>
    </message>
    <message>
      <source>Maret</source>
      <translation>March</translation>
    </message>
    <message>
      <source>April</source>
      <translation>April</translation>
    </message>
    <message>
      <source>Mei</source>
      <translation>May</translation>
    </message>
    <message>
      <source>Juni</source>
      <translation>June</translation>
    </message>
    <message>
      <source>Juli</source>
      <translation>July</translation>
    </message>
    <message>
      <source>Agustus</source>
      <translation>August</translation>
    </message>
    <message>
      <source>September</source>
      <translation>September</translation>
    </message>
    <message>
      <source>Oktober</source>
      <translation>October</translation>
    </message>
    <message>
      <source>November</source>
      <translation>November</translation>
    </message>
    <message>
      <source>Desember</source>
      <translation>December</translation>
    </message>
    <message>
      <source>Bulan</source>
      <translation>Month</translation>
    </message>
    <message>
      <source>Ekspor &amp;Excel…</source>
      <translation>Export to &amp;Excel…</translation>
    </message>
    <message>
      <source>Ekspor &amp;CSV…</source>
      <translation>Export to &amp;CSV…</translation>
    </message>
    <message>
      <source>Kinerja kantor</source>
      <translation>Office performance</translation>
    </message>
    <message>
      <source>Bulan:</source>
      <translation>Month:</translation>
    </message>
    <message>
      <source>Per petugas (laporan yang ditugaskan kepadanya)</source>
      <translation>Per officer (reports assigned to them)</translation>
    </message>
    <message>
      <source>Laporan terbuka di akhir tiap minggu (12 minggu)</source>
      <translation>Open reports at the end of each week (12 weeks)</translation>
    </message>
    <message>
      <source>Laporan diterima</source>
      <translation>Reports received</translation>
    </message>
    <message>
      <source>Dijawab dalam tenggat (5 hari kerja)</source>
      <translation>Answered within the deadline (5 working days)</translation>
    </message>
    <message>
      <source>Lewat tenggat sekarang</source>
      <translation>Overdue now</translation>
    </message>
    <message>
      <source>Menunggu persetujuan</source>
      <translation>Awaiting approval</translation>
    </message>
    <message>
      <source>Lewat tenggat sekarang (diterima pada periode ini)</source>
      <translation>Overdue now (received in this period)</translation>
    </message>
    <message>
      <source>Dikembalikan</source>
      <translation>Returned</translation>
    </message>
    <message>
      <source>Permintaan pelimpahan</source>
      <translation>Hand-off requests</translation>
    </message>
    <message>
      <source>Petugas</source>
      <translation>Officer</translation>
    </message>
    <message>
      <source>Diterima</source>
      <translation>Received</translation>
    </message>
    <message>
      <source>Tepat waktu</source>
      <translation>On time</translation>
    </message>
    <message>
      <source>Lewat tenggat</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>Pelimpahan</source>
      <translation>Hand-offs</translation>
    </message>
    <message>
      <source>Menghitung…</source>
      <translation>Calculating…</translation>
    </message>
    <message>
      <source>Dihitung dari data di komputer ini, %1 – %2.</source>
      <translation>Calculated from the data on this computer, %1 – %2.</translation>
    </message>
    <message>
      <source>Angka tidak dapat dihitung: %1</source>
      <translation>The figures could not be calculated: %1</translation>
    </message>
    <message>
      <source>Buku kerja Excel (*.xlsx)</source>
      <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
      <source>CSV (*.csv)</source>
      <translation>CSV (*.csv)</translation>
    </message>
    <message>
      <source>Simpan rekap bulanan</source>
      <translation>Save the monthly recap</translation>
    </message>
    <message>
      <source>Menyimpan rekap…</source>
      <translation>Saving the recap…</translation>
    </message>
    <message>
      <source>Rekap tersimpan: %1</source>
      <translation>Recap saved: %1</translation>
    </message>
    <message>
      <source>Rekap tidak dapat disimpan (%1). Periksa folder dan ruang disk.</source>
      <translation>The recap could not be saved (%1). Check the folder and the free disk space.</translation>
    </message>
    <message>
      <source>Rekap bulanan</source>
      <translation>Monthly recap</translation>
    </message>
    <message>
      <source>No. pelacakan</source>
      <translation>Tracking no.</translation>
    </message>
    <message>
      <source>Klasifikasi</source>
      <translation>Classification</translation>
    </message>
    <message>
      <source>Kategori</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>Kanal</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>Tanggal masuk</source>
      <translation>Date submitted</translation>
    </message>
    <message>
      <source>Tanggal disposisi</source>
      <translation>Date disposed</translation>
    </message>
    <message>
      <source>Tindak lanjut pertama terbit</source>
      <translation>First follow-up published</translation>
    </message>
    <message>
      <source>Hari kerja</source>
      <translation>Working days</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Laporan dijawab</source>
      <translation>Reports answered</translation>
    </message>
    <message>
      <source>Dijawab dalam tenggat</source>
      <translation>Answered within the deadline</translation>
    </message>
    <message>
      <source>Persentase tepat waktu</source>
      <translation>Share on time</translation>
    </message>
    <message>
      <source>ya</source>
      <translation>yes</translation>
    </message>
    <message>
      <source>tidak</source>
      <translation>no</translation>
    </message>
    <message>
      <source>Laporan</source>
      <translation>Report</translation>
    </message>
    <message>
      <source>Ringkasan</source>
      <translation>Summary</translation>
    </message>
    <message>
      <source>Periode</source>
      <translation>Period</translation>
    </message>
  </context>
  <context>
    <name>DeadlineBadge</name>
    <message>
      <source>Tanpa tenggat</source>
      <translation>No deadline</translation>
    </message>
    <message numerus="yes">
      <source>Lewat %n hari kerja</source>
      <translation>
        <numerusform>%n working day overdue</numerusform>
        <numerusform>%n working days overdue</numerusform>
      </translation>
    </message>
    <message>
      <source>Lewat tenggat</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>Hari ini</source>
      <translation>Today</translation>
    </message>
    <message numerus="yes">
      <source>%n hari kerja lagi</source>
      <translation>
        <numerusform>%n working day left</numerusform>
        <numerusform>%n working days left</numerusform>
      </translation>
    </message>
    <message>
      <source>Sudah dijawab</source>
      <translation>Already answered</translation>
    </message>
  </context>
  <context>
    <name>DetailDialog</name>
    <message>
      <source>Keterangan teknis untuk petugas dukungan TI. Tidak memuat data pribadi; salin dan kirimkan bila diminta.</source>
      <translation>Technical details for IT support. No personal data; copy and send them when asked.</translation>
    </message>
    <message>
      <source>Salin</source>
      <translation>Copy</translation>
    </message>
    <message>
      <source>Tutup</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Tersalin</source>
      <translation>Copied</translation>
    </message>
  </context>
  <context>
    <name>DialogButtons</name>
    <message>
      <source>Batal</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Simpan</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>Nama berkas:</source>
      <translation>File name:</translation>
    </message>
    <message>
      <source>Jenis berkas:</source>
      <translation>File type:</translation>
    </message>
    <message>
      <source>Lokasi:</source>
      <translation>Look in:</translation>
    </message>
  </context>
  <context>
    <name>DomainMessages</name>
    <message>
      <source>Kode provinsi {code} pada NIK tidak dikenal.</source>
      <translation>Province code {code} in the NIK is not known.</translation>
    </message>
    <message>
      <source>Tanggal lahir {day} pada NIK salah (01-31, atau 41-71 perempuan).</source>
      <translation>Birth day {day} in the NIK is wrong (01-31, or 41-71 for women).</translation>
    </message>
    <message>
      <source>Bulan lahir {month} pada NIK salah (01-12).</source>
      <translation>Birth month {month} in the NIK is wrong (01-12).</translation>
    </message>
    <message>
      <source>Tanggal lahir {date} pada NIK bukan tanggal yang ada.</source>
      <translation>Birth date {date} in the NIK is not a real date.</translation>
    </message>
    <message>
      <source>NIK harus 16 digit (tertulis {n}).</source>
      <translation>A NIK has 16 digits ({n} typed).</translation>
    </message>
    <message>
      <source>Nomor telepon harus 10-14 digit diawali 0 (tertulis {n}).</source>
      <translation>A phone number has 10-14 digits starting with 0 ({n} typed).</translation>
    </message>
    <message>
      <source>Kode provinsi {code} tidak dikenal.</source>
      <translation>Province code {code} is not known.</translation>
    </message>
    <message>
      <source>Kode kabupaten/kota {code} salah (kabupaten 01-69, kota 71-99).</source>
      <translation>Regency/city code {code} is wrong (regency 01-69, city 71-99).</translation>
    </message>
    <message>
      <source>Kode kelurahan/desa {code} salah (1xxx kelurahan, 2xxx desa, 3xxx desa adat).</source>
      <translation>Village code {code} is wrong (1xxx kelurahan, 2xxx desa, 3xxx customary village).</translation>
    </message>
    <message>
      <source>Kode wilayah {code} tidak ada dalam daftar wilayah {regency}.</source>
      <translation>Region code {code} is not on the list of regions of {regency}.</translation>
    </message>
    <message>
      <source>Nomor urut tanda terima harus 1-{max} (tertulis {n}).</source>
      <translation>The receipt's serial number must be 1-{max} ({n} given).</translation>
    </message>
    <message>
      <source>Tanggal {date} pada nomor tanda terima tidak ada.</source>
      <translation>The date {date} in the receipt number does not exist.</translation>
    </message>
    <message>
      <source>{label} minimal {low} karakter (tertulis {n}).</source>
      <translation>{label}: at least {low} characters ({n} typed).</translation>
    </message>
    <message>
      <source>{label} maksimal {high} karakter (tertulis {n}).</source>
      <translation>{label}: at most {high} characters ({n} typed).</translation>
    </message>
    <message>
      <source>Lampiran maksimal {max} berkas.</source>
      <translation>At most {max} attachments.</translation>
    </message>
    <message>
      <source>Isi tindak lanjut maksimal {max} karakter.</source>
      <translation>A follow-up has at most {max} characters.</translation>
    </message>
    <message>
      <source>Lampiran terlalu besar (maksimal {mb} MB).</source>
      <translation>The attachment is too large (at most {mb} MB).</translation>
    </message>
    <message>
      <source>Judul</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>Isi laporan</source>
      <translation>Report text</translation>
    </message>
    <message>
      <source>Isi tindak lanjut</source>
      <translation>Follow-up text</translation>
    </message>
    <message>
      <source>Alamat lokasi</source>
      <translation>Location address</translation>
    </message>
    <message>
      <source>Alamat</source>
      <translation>Address</translation>
    </message>
    <message>
      <source>Nama</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>Email</translation>
    </message>
    <message>
      <source>Alasan</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>Catatan</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>Alamat email tidak sah.</source>
      <translation>The email address is not valid.</translation>
    </message>
    <message>
      <source>Baca versi terbaru dulu, lalu putuskan lagi.</source>
      <translation>Read the newest version first, then decide again.</translation>
    </message>
    <message>
      <source>Berkas lampiran tidak dapat dibaca.</source>
      <translation>The attachment file cannot be read.</translation>
    </message>
    <message>
      <source>Data lampiran tidak lengkap.</source>
      <translation>The attachment's data is incomplete.</translation>
    </message>
    <message>
      <source>Data lampiran tidak sah.</source>
      <translation>The attachment's data is not valid.</translation>
    </message>
    <message>
      <source>Draf tidak ditemukan.</source>
      <translation>The draft was not found.</translation>
    </message>
    <message>
      <source>Hanya nomor Indonesia (+62) yang dapat dipakai.</source>
      <translation>Only Indonesian numbers (+62) can be used.</translation>
    </message>
    <message>
      <source>Kode kabupaten/kota pada NIK tidak boleh 00.</source>
      <translation>The regency/city code in the NIK cannot be 00.</translation>
    </message>
    <message>
      <source>Kode kantor harus 2-12 huruf besar atau angka, tanpa spasi.</source>
      <translation>The office code is 2-12 capital letters or digits, without spaces.</translation>
    </message>
    <message>
      <source>Kode kecamatan pada NIK tidak boleh 00.</source>
      <translation>The district code in the NIK cannot be 00.</translation>
    </message>
    <message>
      <source>Kode kecamatan tidak boleh 00.</source>
      <translation>The district code cannot be 00.</translation>
    </message>
    <message>
      <source>Kode wilayah harus berbentuk PP, PP.KK, PP.KK.CC atau PP.KK.CC.DDDD.</source>
      <translation>A region code has the form PP, PP.KK, PP.KK.CC or PP.KK.CC.DDDD.</translation>
    </message>
    <message>
      <source>Konflik tidak ditemukan.</source>
      <translation>The conflict was not found.</translation>
    </message>
    <message>
      <source>Laporan ini bukan milik kantor Anda.</source>
      <translation>This report does not belong to your office.</translation>
    </message>
    <message>
      <source>Laporan ini tidak dapat dialihkan sekarang.</source>
      <translation>This report cannot be handed off now.</translation>
    </message>
    <message>
      <source>Laporan ini tidak dapat ditugaskan sekarang.</source>
      <translation>This report cannot be assigned now.</translation>
    </message>
    <message>
      <source>Laporan ini tidak lagi menerima tindak lanjut.</source>
      <translation>This report no longer takes follow-ups.</translation>
    </message>
    <message>
      <source>Laporan tidak ditemukan.</source>
      <translation>The report was not found.</translation>
    </message>
    <message>
      <source>NIK hanya boleh berisi angka.</source>
      <translation>A NIK has digits only.</translation>
    </message>
    <message>
      <source>NIK wajib diisi.</source>
      <translation>The NIK is required.</translation>
    </message>
    <message>
      <source>Nama berkas lampiran tidak sah.</source>
      <translation>The attachment's file name is not valid.</translation>
    </message>
    <message>
      <source>Nomor tanda terima harus berbentuk KANTOR-TTTTBBHH-NNNN, mis. DPUPR-20261122-0007.</source>
      <translation>A receipt number has the form OFFICE-YYYYMMDD-NNNN, e.g. DPUPR-20261122-0007.</translation>
    </message>
    <message>
      <source>Nomor tanda terima harus berbentuk KANTOR-TTTTBBHH-LL-NNNN, mis. DPUPR-20261122-02-0007.</source>
      <translation>A receipt number has the form OFFICE-YYYYMMDD-DD-NNNN, e.g. DPUPR-20261122-02-0007.</translation>
    </message>
    <message>
      <source>Nomor telepon hanya boleh berisi angka.</source>
      <translation>A phone number has digits only.</translation>
    </message>
    <message>
      <source>Nomor telepon harus diawali 0, 62 atau +62.</source>
      <translation>A phone number starts with 0, 62 or +62.</translation>
    </message>
    <message>
      <source>Nomor telepon harus diawali 08 (seluler) atau kode wilayah.</source>
      <translation>A phone number starts with 08 (mobile) or an area code.</translation>
    </message>
    <message>
      <source>Nomor telepon wajib diisi.</source>
      <translation>The phone number is required.</translation>
    </message>
    <message>
      <source>Nomor urut NIK (4 digit terakhir) tidak boleh 0000.</source>
      <translation>The NIK's serial number (last 4 digits) cannot be 0000.</translation>
    </message>
    <message>
      <source>Peran Anda tidak mengizinkan tindakan ini.</source>
      <translation>Your role does not allow this.</translation>
    </message>
    <message>
      <source>Perubahan ini sudah tidak tertunda.</source>
      <translation>This change is no longer waiting.</translation>
    </message>
    <message>
      <source>Perubahan sebelumnya belum terkirim atau menunggu keputusan; tunggu dulu.</source>
      <translation>An earlier change is not sent yet or waits for a decision; wait for it first.</translation>
    </message>
    <message>
      <source>Pilih instansi tujuan yang lain.</source>
      <translation>Choose another target agency.</translation>
    </message>
    <message>
      <source>Pilih klasifikasi laporan.</source>
      <translation>Choose the report's classification.</translation>
    </message>
    <message>
      <source>Tidak ada draf untuk dikirim.</source>
      <translation>There is no draft to send.</translation>
    </message>
    <message>
      <source>Tidak ada teks tindak lanjut untuk disalin.</source>
      <translation>There is no follow-up text to copy.</translation>
    </message>
    <message>
      <source>Tindak lanjut ini milik laporan lain.</source>
      <translation>This follow-up belongs to another report.</translation>
    </message>
    <message>
      <source>Tindak lanjut ini tidak dapat diperbaiki.</source>
      <translation>This follow-up cannot be revised.</translation>
    </message>
    <message>
      <source>Tindak lanjut ini tidak dapat ditarik.</source>
      <translation>This follow-up cannot be withdrawn.</translation>
    </message>
    <message>
      <source>Tindak lanjut ini tidak lagi menunggu persetujuan: sudah disetujui, dikembalikan, atau ditarik.</source>
      <translation>This follow-up is no longer waiting for approval: it was approved, returned or withdrawn.</translation>
    </message>
    <message>
      <source>Tindak lanjut ini tidak menunggu persetujuan.</source>
      <translation type="vanished">This follow-up is not waiting for approval.</translation>
    </message>
    <message>
      <source>Tindak lanjut tidak ditemukan.</source>
      <translation>The follow-up was not found.</translation>
    </message>
    <message>
      <source>Waktu penerimaan tidak sah.</source>
      <translation>The time received is not valid.</translation>
    </message>
  </context>
  <context>
    <name>Download</name>
    <message>
      <source>Tidak dapat terhubung ke server: %1</source>
      <translation type="vanished">Cannot connect to the server: %1</translation>
    </message>
    <message>
      <source>Server menolak mengirim berkas (HTTP %1).</source>
      <translation>The server refused to send the file (HTTP %1).</translation>
    </message>
    <message>
      <source>Berkas yang diterima rusak (sidik sha256 tidak cocok); coba lagi.</source>
      <translation>The received file is damaged (sha256 fingerprint does not match); try again.</translation>
    </message>
    <message>
      <source>Unduhan dibatalkan.</source>
      <translation>Download cancelled.</translation>
    </message>
    <message>
      <source>Unduhan terputus; coba lagi.</source>
      <translation>The download was interrupted; try again.</translation>
    </message>
    <message>
      <source>Tidak dapat terhubung ke server.</source>
      <translation>Cannot connect to the server.</translation>
    </message>
    <message>
      <source>Sesi berakhir; silakan masuk kembali.</source>
      <translation>Your session has ended; please log in again.</translation>
    </message>
  </context>
  <context>
    <name>Errors</name>
    <message>
      <source>Terjadi kesalahan: %1</source>
      <translation>Something went wrong: %1</translation>
    </message>
  </context>
  <context>
    <name>FollowupCard</name>
    <message>
      <source>Belum dikirim</source>
      <translation>Not sent yet</translation>
    </message>
    <message>
      <source>Lampiran: </source>
      <translation>Attachments: </translation>
    </message>
    <message>
      <source>Catatan atasan: </source>
      <translation>Supervisor's note: </translation>
    </message>
    <message>
      <source>Perbaiki dan kirim ulang</source>
      <translation>Revise and resubmit</translation>
    </message>
    <message>
      <source>Setujui</source>
      <translation>Approve</translation>
    </message>
    <message>
      <source>Kembalikan…</source>
      <translation>Return…</translation>
    </message>
    <message>
      <source>Kembalikan tindak lanjut</source>
      <translation>Return follow-up</translation>
    </message>
    <message>
      <source>Catatan untuk petugas (apa yang perlu diperbaiki):</source>
      <translation>Note for the officer (what needs fixing):</translation>
    </message>
  </context>
  <context>
    <name>FollowupEditor</name>
    <message>
      <source>Tindak lanjut baru</source>
      <translation>New follow-up</translation>
    </message>
    <message>
      <source>Sisipkan templat balasan…</source>
      <translation>Insert reply template…</translation>
    </message>
    <message>
      <source>Sisipkan teks balasan baku, lalu sesuaikan</source>
      <translation>Insert a standard reply, then adapt it</translation>
    </message>
    <message>
      <source>Tulis tindak lanjut untuk pelapor (minimal 10 karakter)…</source>
      <translation>Write the follow-up for the reporter (at least 10 characters)…</translation>
    </message>
    <message>
      <source>Lampirkan berkas…</source>
      <translation>Attach file…</translation>
    </message>
    <message>
      <source>&amp;Hapus lampiran</source>
      <translation>&amp;Remove attachment</translation>
    </message>
    <message>
      <source>Lepaskan berkas yang dipilih dari tindak lanjut ini (berkas di komputer tetap ada)</source>
      <translation>Take the chosen file off this follow-up (the file on this computer stays)</translation>
    </message>
    <message>
      <source>Pilih berkas lalu tekan Delete untuk melepaskannya</source>
      <translation>Choose a file and press Delete to take it off</translation>
    </message>
    <message>
      <source>Kirim untuk persetujuan</source>
      <translation>Submit for approval</translation>
    </message>
    <message>
      <source>Ctrl+Enter</source>
      <translation>Ctrl+Enter</translation>
    </message>
    <message>
      <source>Seret berkas ke sini untuk melampirkan (maks. 20 MB).</source>
      <translation>Drag files here to attach them (max. 20 MB).</translation>
    </message>
    <message>
      <source>Perbaiki tindak lanjut</source>
      <translation>Revise follow-up</translation>
    </message>
    <message>
      <source>Catatan atasan: </source>
      <translation>Supervisor's note: </translation>
    </message>
    <message>
      <source>Draf tersimpan</source>
      <translation>Draft saved</translation>
    </message>
    <message>
      <source>Belum tersimpan…</source>
      <translation>Not saved yet…</translation>
    </message>
    <message>
      <source>Tersimpan </source>
      <translation>Saved </translation>
    </message>
    <message>
      <source>Masuk kotak keluar; akan dikirim ke pusat saat tersambung.</source>
      <translation>In the outbox; it will be sent to the central server when connected.</translation>
    </message>
    <message>
      <source>Pilih berkas lampiran</source>
      <translation>Choose attachment</translation>
    </message>
  </context>
  <context>
    <name>FollowupLetter</name>
    <message>
      <source>Cetak surat tindak lanjut</source>
      <translation>Print the follow-up letter</translation>
    </message>
  </context>
  <context>
    <name>FollowupList</name>
    <message>
      <source>Belum ada tindak lanjut.</source>
      <translation>No follow-up yet.</translation>
    </message>
  </context>
  <context>
    <name>HandoffDialog</name>
    <message>
      <source>Bukan kewenangan kami</source>
      <translation>Not within our authority</translation>
    </message>
    <message>
      <source>Minta agar laporan ini dilimpahkan ke instansi yang berwenang. Admin nasional memutuskan; sampai saat itu laporan tetap di kantor Anda.</source>
      <translation>Ask for this report to be handed off to the competent agency. The national admin decides; until then the report stays with your office.</translation>
    </message>
    <message>
      <source>— Pilih instansi tujuan —</source>
      <translation>— Choose the target agency —</translation>
    </message>
    <message>
      <source>Mengapa laporan ini bukan kewenangan kantor Anda, dan siapa yang berwenang</source>
      <translation>Why this report is not your office's responsibility, and who is responsible</translation>
    </message>
    <message>
      <source>&amp;Instansi tujuan:</source>
      <translation>&amp;Target agency:</translation>
    </message>
    <message>
      <source>&amp;Alasan:</source>
      <translation>&amp;Reason:</translation>
    </message>
    <message>
      <source>Minta pelimpahan</source>
      <translation>Request hand-off</translation>
    </message>
    <message>
      <source>Batal</source>
      <translation type="vanished">Cancel</translation>
    </message>
    <message>
      <source>Pilih instansi tujuan.</source>
      <translation>Choose the target agency.</translation>
    </message>
    <message>
      <source>Tulis alasan, paling sedikit 10 huruf.</source>
      <translation>Write a reason of at least 10 characters.</translation>
    </message>
  </context>
  <context>
    <name>InboxEmpty</name>
    <message>
      <source>Tidak ada laporan yang cocok dengan pencarian atau filter ini. Ubah atau hapus filter untuk melihat laporan lain.</source>
      <translation>No report matches this search or filter. Change or clear the filters to see other reports.</translation>
    </message>
    <message>
      <source>Semua laporan sudah ditindaklanjuti. Laporan baru muncul di sini setelah sinkronisasi.</source>
      <translation>Every report has a follow-up. New reports appear here after a sync.</translation>
    </message>
    <message>
      <source>Tidak ada laporan yang lewat tenggat.</source>
      <translation>No report is past its deadline.</translation>
    </message>
    <message>
      <source>Belum ada draf. Pilih laporan, lalu klik “Tulis tindak lanjut” untuk mulai.</source>
      <translation>No drafts yet. Choose a report, then click “Write follow-up” to start.</translation>
    </message>
    <message>
      <source>Tidak ada tindak lanjut yang menunggu persetujuan atasan.</source>
      <translation>No follow-up is waiting for the supervisor's approval.</translation>
    </message>
    <message>
      <source>Tidak ada tindak lanjut yang dikembalikan untuk diperbaiki.</source>
      <translation>No follow-up has been returned for revision.</translation>
    </message>
    <message>
      <source>Semua perubahan sudah terkirim ke pusat.</source>
      <translation>All changes have reached the central server.</translation>
    </message>
    <message>
      <source>Belum ada laporan di komputer ini. Laporan muncul setelah sinkronisasi; tekan Ctrl+R untuk sinkron sekarang.</source>
      <translation>No reports on this computer yet. They appear after a sync; press Ctrl+R to sync now.</translation>
    </message>
    <message>
      <source>Tidak ada laporan terbuka yang ditugaskan kepada Anda. Laporan lain ada di “Perlu Tindak Lanjut”.</source>
      <translation>No open reports are assigned to you. Other reports are under “Needs Follow-up”.</translation>
    </message>
    <message>
      <source>Tidak ada laporan baru atau diperbarui yang belum Anda buka. Laporan yang dibawa sinkronisasi muncul di sini sampai Anda membukanya.</source>
      <translation>No new or updated reports left to open. Reports a sync brings appear here until you open them.</translation>
    </message>
  </context>
  <context>
    <name>InboxModel</name>
    <message>
      <source>Menunggu dikirim</source>
      <translation>Waiting to be sent</translation>
    </message>
    <message>
      <source>Draf</source>
      <translation>Draft</translation>
    </message>
    <message>
      <source>Sedang dikirim</source>
      <translation>Sending</translation>
    </message>
    <message>
      <source>Konflik</source>
      <translation>Conflict</translation>
    </message>
    <message>
      <source>Ditolak server</source>
      <translation>Rejected by server</translation>
    </message>
    <message>
      <source>Sudah dialihkan</source>
      <translation>Handed off</translation>
    </message>
    <message>
      <source>(belum ada)</source>
      <translation>(none yet)</translation>
    </message>
    <message>
      <source>Batas tindak lanjut: </source>
      <translation>Follow-up due: </translation>
    </message>
    <message>
      <source>Judul</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Klasifikasi</source>
      <translation>Classification</translation>
    </message>
    <message>
      <source>Diterima</source>
      <translation>Received</translation>
    </message>
    <message>
      <source>Nomor</source>
      <translation>Number</translation>
    </message>
    <message>
      <source>Tenggat</source>
      <translation>Deadline</translation>
    </message>
    <message>
      <source>Nomor pelacakan laporan (dari pusat)</source>
      <translation>The report's tracking number (from the central server)</translation>
    </message>
    <message>
      <source>Judul laporan dari pelapor</source>
      <translation>The report's title, as the reporter wrote it</translation>
    </message>
    <message>
      <source>Status di pusat · apa yang menunggu di komputer ini</source>
      <translation>Status on the central server · what is waiting on this computer</translation>
    </message>
    <message>
      <source>Klasifikasi laporan</source>
      <translation>Report classification</translation>
    </message>
    <message>
      <source>Sisa hari kerja sampai batas tindak lanjut</source>
      <translation>Working days left until the follow-up is due</translation>
    </message>
    <message>
      <source>Tanggal laporan diterima</source>
      <translation>Date the report was received</translation>
    </message>
    <message>
      <source>Baru</source>
      <translation>New</translation>
    </message>
    <message>
      <source>Diperbarui</source>
      <translation>Updated</translation>
    </message>
  </context>
  <context>
    <name>InboxPanel</name>
    <message>
      <source>Cari nomor pelacakan, judul, atau isi…</source>
      <translation type="vanished">Search tracking number, title or text…</translation>
    </message>
    <message>
      <source>Cari nomor, judul, isi… (Ctrl+F)</source>
      <translation>Search number, title, text… (Ctrl+F)</translation>
    </message>
    <message>
      <source>Semua status</source>
      <translation>All statuses</translation>
    </message>
    <message>
      <source>Semua klasifikasi</source>
      <translation>All classifications</translation>
    </message>
    <message>
      <source>Semua tenggat</source>
      <translation>All deadlines</translation>
    </message>
    <message>
      <source>Lewat tenggat</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>Segera jatuh tempo</source>
      <translation>Due soon</translation>
    </message>
    <message>
      <source>Urut: tenggat terdekat</source>
      <translation>Sort: nearest deadline</translation>
    </message>
    <message>
      <source>Urut: terbaru diterima</source>
      <translation>Sort: newest first</translation>
    </message>
    <message>
      <source>Belum dibaca saja</source>
      <translation>Unread only</translation>
    </message>
    <message>
      <source>Memuat…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>Tidak ada laporan di sini.</source>
      <translation>No reports here.</translation>
    </message>
    <message>
      <source>Tidak ada laporan yang cocok.</source>
      <translation type="vanished">No matching reports.</translation>
    </message>
    <message>
      <source> (gulir untuk memuat lebih banyak)</source>
      <translation> (scroll to load more)</translation>
    </message>
    <message numerus="yes">
      <source>%n laporan ditampilkan</source>
      <translation>
        <numerusform>%n report shown</numerusform>
        <numerusform>%n reports shown</numerusform>
      </translation>
    </message>
    <message>
      <source>Gagal memuat daftar laporan: </source>
      <translation>Could not load the report list: </translation>
    </message>
  </context>
  <context>
    <name>IntakeForm</name>
    <message>
      <source>Identitas pelapor</source>
      <translation>Reporter identity</translation>
    </message>
    <message>
      <source>Pelapor minta identitasnya dirahasiakan (anonim)</source>
      <translation>Reporter asks to stay anonymous</translation>
    </message>
    <message>
      <source>Laporan rahasia (tidak dipublikasikan)</source>
      <translation>Confidential report (not published)</translation>
    </message>
    <message>
      <source>16 digit</source>
      <translation>16 digits</translation>
    </message>
    <message>
      <source>Nama</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>NIK</source>
      <translation>NIK (ID number)</translation>
    </message>
    <message>
      <source>Telepon</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>Email</translation>
    </message>
    <message>
      <source>Alamat pelapor</source>
      <translation>Reporter's address</translation>
    </message>
    <message>
      <source>Isi pengaduan</source>
      <translation>Complaint</translation>
    </message>
    <message>
      <source>— pilih —</source>
      <translation>— choose —</translation>
    </message>
    <message>
      <source>— tanpa kategori —</source>
      <translation>— no category —</translation>
    </message>
    <message>
      <source>contoh 33.73.04.1001</source>
      <translation type="vanished">e.g. 33.73.04.1001</translation>
    </message>
    <message>
      <source>Tanggal kejadian diketahui</source>
      <translation>Incident date known</translation>
    </message>
    <message>
      <source>Judul</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>Isi laporan</source>
      <translation>Report text</translation>
    </message>
    <message>
      <source>Klasifikasi</source>
      <translation>Classification</translation>
    </message>
    <message>
      <source>Kategori</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>Kecamatan</source>
      <translation>District (kecamatan)</translation>
    </message>
    <message>
      <source>Desa/kelurahan</source>
      <translation>Village (desa/kelurahan)</translation>
    </message>
    <message>
      <source>Kode wilayah</source>
      <translation>Region code</translation>
    </message>
    <message>
      <source>Alamat lokasi</source>
      <translation>Location address</translation>
    </message>
    <message>
      <source>Tanggal kejadian</source>
      <translation>Incident date</translation>
    </message>
    <message>
      <source>Identitas tetap dicatat, tetapi tidak ditampilkan kepada petugas.</source>
      <translation>The identity is still recorded but is not shown to officers.</translation>
    </message>
  </context>
  <context>
    <name>IntakePanel</name>
    <message>
      <source>Belum ada berkas terlampir (tidak wajib).</source>
      <translation>No files attached yet (optional).</translation>
    </message>
    <message>
      <source>Lampirkan berkas…</source>
      <translation>Attach file…</translation>
    </message>
    <message>
      <source>Foto atau dokumen dari pelapor, maks. 20 MB per berkas</source>
      <translation>Photos or documents from the reporter, at most 20 MB per file</translation>
    </message>
    <message>
      <source>Simpan pengaduan</source>
      <translation>Save complaint</translation>
    </message>
    <message>
      <source>Ctrl+S</source>
      <translation>Ctrl+S</translation>
    </message>
    <message>
      <source>Pengaduan yang dicatat di loket ini</source>
      <translation>Complaints recorded at this desk</translation>
    </message>
    <message>
      <source>Belum ada pengaduan yang dicatat di loket ini. Isi formulir di kiri, lalu klik “Simpan pengaduan”; tanda terimanya muncul di sini.</source>
      <translation>No complaints recorded at this desk yet. Fill in the form on the left, then click “Save complaint”; its receipt appears here.</translation>
    </message>
    <message>
      <source>Pengaduan</source>
      <translation>Complaint</translation>
    </message>
    <message>
      <source>Nomor tanda terima dan judul</source>
      <translation>Receipt number and title</translation>
    </message>
    <message>
      <source>Nomor dari server pusat, setelah pengaduan terkirim ke sana</source>
      <translation>The central server's number, once the complaint has reached it</translation>
    </message>
    <message>
      <source>No. LAPOR!</source>
      <translation>LAPOR! no.</translation>
    </message>
    <message>
      <source>Nomor pelacakan pengaduan ini di SP4N-LAPOR!, setelah pusat mengirimnya</source>
      <translation>This complaint's tracking number on SP4N-LAPOR!, once the central server has sent it</translation>
    </message>
    <message>
      <source>Nomor pelacakan menyusul setelah laporan diterima server; tanda terima dapat dicetak ulang dari daftar di bawah.</source>
      <translation>The tracking number follows once the server has received the report; the receipt can be reprinted from the list below.</translation>
    </message>
    <message>
      <source>belum ada</source>
      <translation type="vanished">none yet</translation>
    </message>
    <message>
      <source>Cetak ulang tanda terima…</source>
      <translation>Reprint receipt…</translation>
    </message>
    <message>
      <source>Cetak tanda terima</source>
      <translation type="vanished">Print receipt</translation>
    </message>
    <message>
      <source>No. tanda terima</source>
      <translation type="vanished">Receipt no.</translation>
    </message>
    <message>
      <source>Judul</source>
      <translation type="vanished">Title</translation>
    </message>
    <message>
      <source>Status</source>
      <translation type="vanished">Status</translation>
    </message>
    <message>
      <source>Cetak &amp;ulang tanda terima</source>
      <translation>&amp;Reprint receipt</translation>
    </message>
    <message>
      <source>Cetak lagi tanda terima yang dipilih, dengan nomor pelacakan bila sudah ada</source>
      <translation>Print the chosen receipt again, with the tracking number once it is known</translation>
    </message>
    <message>
      <source>Cetak tanda terima…</source>
      <translation>Print receipt…</translation>
    </message>
    <message>
      <source>Pratinjau lalu cetak: satu lembar untuk pelapor, satu arsip</source>
      <translation>Preview, then print: one sheet for the reporter, one for the file</translation>
    </message>
    <message>
      <source>No. pelacakan</source>
      <translation>Tracking no.</translation>
    </message>
    <message>
      <source>Pengaduan tersimpan. Nomor tanda terima: </source>
      <translation>Complaint saved. Receipt number: </translation>
    </message>
    <message>
      <source>Nomor pelacakan diberikan pusat setelah sinkronisasi berikutnya.</source>
      <translation type="vanished">The hub gives the tracking number after the next sync.</translation>
    </message>
    <message>
      <source>Nomor pelacakan akan tersedia setelah tersinkron.</source>
      <translation type="vanished">The tracking number will be available after sync.</translation>
    </message>
    <message>
      <source>Gagal menyimpan: </source>
      <translation>Could not save: </translation>
    </message>
    <message>
      <source>Simpan tanda terima</source>
      <translation type="vanished">Save receipt</translation>
    </message>
    <message>
      <source>Dokumen PDF (*.pdf)</source>
      <translation type="vanished">PDF document (*.pdf)</translation>
    </message>
    <message>
      <source>Pilih berkas lampiran</source>
      <translation>Choose attachment</translation>
    </message>
    <message>
      <source>menunggu sinkron</source>
      <translation type="vanished">waiting for sync</translation>
    </message>
  </context>
  <context>
    <name>IntakeReceipt</name>
    <message>
      <source>Nomor pelacakan akan tersedia setelah tersinkron</source>
      <translation type="vanished">The tracking number will be available after sync</translation>
    </message>
    <message>
      <source>Kantor</source>
      <translation type="vanished">Office</translation>
    </message>
    <message>
      <source>Nomor tanda terima</source>
      <translation type="vanished">Receipt number</translation>
    </message>
    <message>
      <source>Tanggal diterima</source>
      <translation type="vanished">Date received</translation>
    </message>
    <message>
      <source>Judul pengaduan</source>
      <translation type="vanished">Complaint title</translation>
    </message>
    <message>
      <source>Nomor pelacakan</source>
      <translation type="vanished">Tracking number</translation>
    </message>
    <message>
      <source>Tanda Terima Pengaduan</source>
      <translation type="vanished">Complaint Receipt</translation>
    </message>
    <message>
      <source>TANDA TERIMA PENGADUAN</source>
      <translation type="vanished">COMPLAINT RECEIPT</translation>
    </message>
    <message>
      <source>Simpan tanda terima ini. Sebutkan nomor tanda terima bila menanyakan pengaduan Anda.</source>
      <translation type="vanished">Keep this receipt. Quote the receipt number when asking about your complaint.</translation>
    </message>
    <message>
      <source>Diberikan setelah pengaduan diteruskan ke pusat; tanyakan ke kantor ini dengan nomor tanda terima di atas</source>
      <translation type="vanished">Given once the complaint has been passed on to the hub; ask this office, quoting the receipt number above</translation>
    </message>
  </context>
  <context>
    <name>Labels</name>
    <message>
      <source>Belum Terverifikasi</source>
      <translation>Not verified</translation>
    </message>
    <message>
      <source>Terverifikasi</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>Dalam Proses</source>
      <translation>In progress</translation>
    </message>
    <message>
      <source>Selesai</source>
      <translation>Completed</translation>
    </message>
    <message>
      <source>Diarsipkan</source>
      <translation>Archived</translation>
    </message>
    <message>
      <source>Ditolak</source>
      <translation>Rejected</translation>
    </message>
    <message>
      <source>Menunggu persetujuan</source>
      <translation>Awaiting approval</translation>
    </message>
    <message>
      <source>Dikembalikan untuk diperbaiki</source>
      <translation>Returned for revision</translation>
    </message>
    <message>
      <source>Diterbitkan</source>
      <translation>Published</translation>
    </message>
    <message>
      <source>Ditarik</source>
      <translation>Withdrawn</translation>
    </message>
    <message>
      <source>Pengaduan</source>
      <translation>Complaint</translation>
    </message>
    <message>
      <source>Aspirasi</source>
      <translation>Aspiration</translation>
    </message>
    <message>
      <source>Permintaan Informasi</source>
      <translation>Information request</translation>
    </message>
    <message>
      <source>Situs web</source>
      <translation>Website</translation>
    </message>
    <message>
      <source>SMS 1708</source>
      <translation>SMS 1708</translation>
    </message>
    <message>
      <source>Twitter @lapor1708</source>
      <translation>Twitter @lapor1708</translation>
    </message>
    <message>
      <source>Aplikasi seluler</source>
      <translation>Mobile app</translation>
    </message>
    <message>
      <source>Aplikasi daerah terintegrasi</source>
      <translation>Integrated regional app</translation>
    </message>
    <message>
      <source>Datang langsung</source>
      <translation>Walk-in</translation>
    </message>
    <message>
      <source>Laporan dibuat</source>
      <translation>Report created</translation>
    </message>
    <message>
      <source>Status: %1 → %2</source>
      <translation>Status: %1 → %2</translation>
    </message>
    <message>
      <source>Status menjadi %1</source>
      <translation>Status set to %1</translation>
    </message>
    <message>
      <source>Didisposisikan ke %1</source>
      <translation>Assigned to %1</translation>
    </message>
    <message>
      <source>Dialihkan ke %1</source>
      <translation>Handed off to %1</translation>
    </message>
    <message>
      <source>instansi lain</source>
      <translation>another agency</translation>
    </message>
    <message>
      <source>Tindak lanjut diterbitkan</source>
      <translation>Follow-up published</translation>
    </message>
    <message>
      <source>Pelapor menanggapi</source>
      <translation>Reporter replied</translation>
    </message>
    <message>
      <source>Diminta dialihkan ke %1</source>
      <translation>Handoff to %1 requested</translation>
    </message>
    <message>
      <source>Permintaan pengalihan ditolak</source>
      <translation>Handoff request refused</translation>
    </message>
    <message>
      <source>Laporan diverifikasi</source>
      <translation>Report verified</translation>
    </message>
    <message>
      <source>Ditugaskan kepada %1</source>
      <translation>Assigned to %1</translation>
    </message>
    <message>
      <source>Penugasan dicabut</source>
      <translation>Assignment removed</translation>
    </message>
    <message>
      <source>Catatan dari SP4N-LAPOR!</source>
      <translation>Note from SP4N-LAPOR!</translation>
    </message>
  </context>
  <context>
    <name>LaporState</name>
    <message>
      <source>LAPOR! menolaknya</source>
      <translation>LAPOR! refused it</translation>
    </message>
    <message>
      <source> dengan pesan “%1”</source>
      <translation> with the message “%1”</translation>
    </message>
    <message>
      <source>kantor ini belum didaftarkan untuk LAPOR! di server pusat</source>
      <translation>this office is not yet registered for LAPOR! on the central server</translation>
    </message>
    <message>
      <source>tindak lanjut ini sudah tidak terbit saat gilirannya dikirim</source>
      <translation>this follow-up was no longer published when its turn to be sent came</translation>
    </message>
    <message>
      <source>laporan ini sudah tidak ada di server pusat saat gilirannya dikirim</source>
      <translation>this report was no longer on the central server when its turn to be sent came</translation>
    </message>
    <message>
      <source>administrator server pusat dapat melihat sebabnya</source>
      <translation>the central server's administrator can see why</translation>
    </message>
    <message>
      <source>Ada di LAPOR! dengan nomor pelacakan %1</source>
      <translation>On LAPOR! with tracking number %1</translation>
    </message>
    <message>
      <source>Ada di LAPOR!</source>
      <translation>On LAPOR!</translation>
    </message>
    <message>
      <source>Terkirim ke LAPOR! (ID %1)</source>
      <translation>Sent to LAPOR! (ID %1)</translation>
    </message>
    <message>
      <source>Terkirim ke LAPOR!</source>
      <translation>Sent to LAPOR!</translation>
    </message>
    <message>
      <source>Menunggu dikirim ke LAPOR!</source>
      <translation>Waiting to be sent to LAPOR!</translation>
    </message>
    <message>
      <source>Gagal dikirim ke LAPOR!: %1</source>
      <translation>Could not be sent to LAPOR!: %1</translation>
    </message>
    <message>
      <source>–</source>
      <translation>–</translation>
    </message>
    <message>
      <source>terkirim</source>
      <translation>sent</translation>
    </message>
    <message>
      <source>menunggu dikirim</source>
      <translation>waiting to be sent</translation>
    </message>
    <message>
      <source>gagal dikirim</source>
      <translation>not sent</translation>
    </message>
  </context>
  <context>
    <name>Login</name>
    <message>
      <source>Isi nama pengguna dan kata sandi.</source>
      <translation>Enter your user name and password.</translation>
    </message>
    <message>
      <source>Simpul sudah terbuka untuk pengguna ini di jendela lain.</source>
      <translation>Simpul is already open for this user in another window.</translation>
    </message>
    <message>
      <source>Nama pengguna tidak valid.</source>
      <translation>Invalid user name.</translation>
    </message>
    <message>
      <source>Nama pengguna atau kata sandi salah.</source>
      <translation>Wrong user name or password.</translation>
    </message>
    <message numerus="yes">
      <source>Terlalu banyak percobaan masuk; akun dikunci sementara. Coba lagi dalam %n menit.</source>
      <translation>
        <numerusform>Too many login attempts; the account is locked for now. Try again in %n minute.</numerusform>
        <numerusform>Too many login attempts; the account is locked for now. Try again in %n minutes.</numerusform>
      </translation>
    </message>
    <message>
      <source>Server menolak: </source>
      <translation>The server refused: </translation>
    </message>
    <message>
      <source>Kata sandi salah. (Server tidak terjangkau; diperiksa tanpa koneksi.)</source>
      <translation>Wrong password. (The server cannot be reached; checked offline.)</translation>
    </message>
    <message>
      <source>Masa berlaku masuk luring habis; sambungkan ke server</source>
      <translation>The offline login period has expired; connect to the server</translation>
    </message>
    <message>
      <source>Server tidak dapat dihubungi, dan pengguna ini belum pernah masuk di komputer ini. Sambungkan ke server untuk masuk pertama kali.</source>
      <translation>The server cannot be reached, and this user has never logged in on this computer. Connect to the server for the first login.</translation>
    </message>
    <message>
      <source>Data pengguna lokal tidak ditemukan.</source>
      <translation>Local user data not found.</translation>
    </message>
    <message>
      <source>Versi Simpul ini ({version}) sudah tidak dilayani server. Minta pemasang versi terbaru kepada petugas TI kantor Anda, pasang, lalu buka Simpul kembali. Pekerjaan yang belum terkirim tetap tersimpan di komputer ini.</source>
      <translation>This version of Simpul ({version}) is no longer served by the server. Ask your office's IT staff for the latest installer, install it, then open Simpul again. Work not yet sent stays saved on this computer.</translation>
    </message>
    <message>
      <source>Sertifikat server tidak dipercaya komputer ini, jadi Simpul tidak tersambung. Bila kantor memakai proksi yang memeriksa HTTPS, minta petugas TI memasang sertifikat akar kantor di sistem operasi, atau pilih berkas sertifikat CA kantor di Berkas › Pengaturan.</source>
      <translation>This computer does not trust the server's certificate, so Simpul cannot connect. If your office uses a proxy that inspects HTTPS, ask IT staff to install the office's root certificate in the operating system, or choose the office's CA certificate file under File › Settings.</translation>
    </message>
    <message>
      <source>Proksi jaringan menolak atau tidak dapat dihubungi, jadi Simpul tidak tersambung ke server. Periksa pengaturan proksi (Berkas › Pengaturan, atau proksi sistem operasi) bersama petugas TI kantor.</source>
      <translation>The network proxy refused the connection or cannot be reached, so Simpul cannot connect to the server. Check the proxy settings (File › Settings, or the operating system's proxy) with your office's IT staff.</translation>
    </message>
    <message>
      <source>Kata sandi salah: data Simpul di komputer ini tidak terbuka dengan kata sandi itu. Tidak ada yang diubah.</source>
      <translation>Wrong password: the Simpul data on this computer does not open with that password. Nothing was changed.</translation>
    </message>
    <message>
      <source>Jam komputer ini lebih awal daripada saat Simpul terakhir dipakai. Betulkan jam komputer, atau sambungkan ke server untuk masuk.</source>
      <translation>This computer's clock is earlier than when Simpul was last used. Correct the clock, or connect to the server to log in.</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <source>Masuk ke Simpul</source>
      <translation>Log in to Simpul</translation>
    </message>
    <message>
      <source>Simpul – Layanan Pengaduan SP4N-LAPOR!</source>
      <translation>Simpul – SP4N-LAPOR! complaint service</translation>
    </message>
    <message>
      <source>(belum diatur)</source>
      <translation>(not set)</translation>
    </message>
    <message>
      <source>Ubah pengaturan…</source>
      <translation>Change settings…</translation>
    </message>
    <message>
      <source>Nama pengguna:</source>
      <translation>User name:</translation>
    </message>
    <message>
      <source>Kata sandi:</source>
      <translation>Password:</translation>
    </message>
    <message>
      <source>Server:</source>
      <translation>Server:</translation>
    </message>
    <message>
      <source>Masuk</source>
      <translation>Log in</translation>
    </message>
    <message>
      <source>Batal</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Pulihkan profil</source>
      <translation>Recover profile</translation>
    </message>
    <message>
      <source>Membuka data Simpul di komputer ini…</source>
      <translation>Opening Simpul's data on this computer…</translation>
    </message>
    <message>
      <source>Memperbarui data Simpul di komputer ini untuk versi ini. Bisa beberapa menit; biarkan Simpul tetap terbuka.</source>
      <translation>Updating Simpul's data on this computer for this version. This can take a few minutes; keep Simpul open.</translation>
    </message>
    <message>
      <source>Menghubungi server…</source>
      <translation>Contacting the server…</translation>
    </message>
    <message>
      <source>Server tidak terjangkau; memeriksa kata sandi di komputer ini…</source>
      <translation>The server cannot be reached; checking the password on this computer…</translation>
    </message>
    <message>
      <source>Gagal masuk karena kesalahan tak terduga.</source>
      <translation>Login failed because of an unexpected error.</translation>
    </message>
    <message>
      <source>Simpul sudah terbuka</source>
      <translation>Simpul is already open</translation>
    </message>
    <message>
      <source>Memulihkan profil…</source>
      <translation>Recovering the profile…</translation>
    </message>
    <message>
      <source>Profil tidak dapat dipulihkan; berkasnya tidak diubah lebih jauh: </source>
      <translation>The profile could not be recovered; its files were not changed further: </translation>
    </message>
    <message>
      <source>Kata sandi salah; profil tidak diubah. Tulis kata sandi Anda, lalu pulihkan.</source>
      <translation>Wrong password; the profile was not changed. Type your password, then recover.</translation>
    </message>
    <message>
      <source>Profil dipulihkan. Silakan masuk lagi.</source>
      <translation>Profile recovered. Please log in again.</translation>
    </message>
    <message>
      <source>Penyimpanan kunci tidak tersedia</source>
      <translation>Keyring not available</translation>
    </message>
    <message>
      <source>Penyimpanan kunci sistem (keyring) tidak tersedia di komputer ini, jadi Simpul tidak dapat mengingat sesi masuk Anda. Anda perlu masuk setiap kali membuka Simpul.</source>
      <translation>The system keyring is not available on this computer, so Simpul cannot remember your login. You will need to log in each time you open Simpul.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source> (luring)</source>
      <translation> (offline)</translation>
    </message>
    <message>
      <source>Profil rusak</source>
      <translation>Damaged profile</translation>
    </message>
    <message>
      <source>Simpul – Layanan Pengaduan</source>
      <translation>Simpul – Complaint Service</translation>
    </message>
    <message>
      <source>Antrean Persetujuan</source>
      <translation>Approval queue</translation>
    </message>
    <message>
      <source>Loket Pengaduan</source>
      <translation>Walk-in desk</translation>
    </message>
    <message>
      <source>Catat pengaduan warga yang datang langsung ke kantor</source>
      <translation>Record complaints from citizens who come to the office</translation>
    </message>
    <message>
      <source>Tindak lanjut petugas yang menunggu keputusan Anda</source>
      <translation>Officers' follow-ups waiting for your decision</translation>
    </message>
    <message>
      <source>Apa yang belum terkirim dan riwayat hubungan dengan pusat</source>
      <translation>What is not sent yet, and the history of contact with the central server</translation>
    </message>
    <message>
      <source>Angka kantor per bulan dan per petugas, dan rekap untuk Excel</source>
      <translation>The office's figures per month and per officer, and the recap for Excel</translation>
    </message>
    <message>
      <source>Kinerja Kantor</source>
      <translation>Office Performance</translation>
    </message>
    <message>
      <source>Log Sinkronisasi</source>
      <translation>Sync log</translation>
    </message>
    <message>
      <source>Loket</source>
      <translation>Desk</translation>
    </message>
    <message>
      <source>Keluar / Ganti pengguna</source>
      <translation>Log out / Switch user</translation>
    </message>
    <message>
      <source>Simpul versi {version}
Simpul – aplikasi kantor penghubung SP4N-LAPOR!
Bekerja tanpa koneksi; perubahan dikirim saat tersambung.

Sebutkan nomor versi ini bila menghubungi petugas dukungan TI.</source>
      <translation>Simpul version {version}
Simpul – the liaison office app for SP4N-LAPOR!
Works offline; changes are sent when connected.

Quote this version number when you contact IT support.</translation>
    </message>
    <message>
      <source>&amp;Berkas</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>Ganti pengguna demo</source>
      <translation>Switch demo user</translation>
    </message>
    <message>
      <source>&amp;Sinkronisasi</source>
      <translation>&amp;Sync</translation>
    </message>
    <message>
      <source>&amp;Tampilan</source>
      <translation>&amp;View</translation>
    </message>
    <message>
      <source>Konflik</source>
      <translation>Conflicts</translation>
    </message>
    <message>
      <source>B&amp;antuan</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <source>Tentang Simpul</source>
      <translation>About Simpul</translation>
    </message>
    <message>
      <source>Simpul – aplikasi kantor penghubung SP4N-LAPOR!
Bekerja tanpa koneksi; perubahan dikirim saat tersambung.</source>
      <translation type="vanished">Simpul – the SP4N-LAPOR! liaison office app
Works offline; changes are sent when connected.</translation>
    </message>
    <message>
      <source>Fitur ini belum tersedia.</source>
      <translation type="vanished">This feature is not available yet.</translation>
    </message>
  </context>
  <context>
    <name>NavPanel</name>
    <message>
      <source>Kotak laporan</source>
      <translation>Report boxes</translation>
    </message>
    <message>
      <source>Kotak</source>
      <translation>Boxes</translation>
    </message>
    <message>
      <source>Baru &amp; Diperbarui</source>
      <translation>New &amp; updated</translation>
    </message>
    <message>
      <source>Ditugaskan kepada Saya</source>
      <translation>Assigned to Me</translation>
    </message>
    <message>
      <source>Perlu Tindak Lanjut</source>
      <translation>Needs follow-up</translation>
    </message>
    <message>
      <source>Lewat Tenggat</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>Draf</source>
      <translation>Drafts</translation>
    </message>
    <message>
      <source>Menunggu Persetujuan</source>
      <translation>Awaiting approval</translation>
    </message>
    <message>
      <source>Dikembalikan</source>
      <translation>Returned</translation>
    </message>
    <message>
      <source>Kotak Keluar</source>
      <translation>Outbox</translation>
    </message>
    <message>
      <source>Konflik</source>
      <translation>Conflicts</translation>
    </message>
    <message>
      <source>Semua Laporan</source>
      <translation>All reports</translation>
    </message>
    <message>
      <source>Laporan yang dibawa sinkronisasi sebagai baru atau diperbarui dan belum Anda buka</source>
      <translation>Reports a sync brought as new or updated that you have not opened yet</translation>
    </message>
    <message>
      <source>Laporan terbuka yang ditugaskan atasan kepada Anda dan belum dijawab</source>
      <translation>Open reports your supervisor assigned to you that are not answered yet</translation>
    </message>
    <message>
      <source>Laporan terbuka yang belum Anda jawab</source>
      <translation>Open reports you have not answered yet</translation>
    </message>
    <message>
      <source>Laporan yang sudah melewati batas tindak lanjut</source>
      <translation>Reports past their follow-up deadline</translation>
    </message>
    <message>
      <source>Tindak lanjut yang Anda tulis tetapi belum dikirim</source>
      <translation>Follow-ups you wrote but have not sent</translation>
    </message>
    <message>
      <source>Tindak lanjut yang menunggu keputusan atasan</source>
      <translation>Follow-ups waiting for the supervisor's decision</translation>
    </message>
    <message>
      <source>Tindak lanjut yang dikembalikan atasan untuk diperbaiki</source>
      <translation>Follow-ups the supervisor returned for revision</translation>
    </message>
    <message>
      <source>Laporan dengan perubahan di komputer ini yang belum sampai ke pusat</source>
      <translation>Reports with changes on this computer that have not reached the central server</translation>
    </message>
    <message>
      <source>Perubahan di komputer ini yang belum sampai ke pusat</source>
      <translation>Changes on this computer that have not reached the central server</translation>
    </message>
    <message>
      <source>Perubahan yang bertabrakan dengan versi pusat</source>
      <translation>Changes that clash with the central version</translation>
    </message>
    <message>
      <source>Semua laporan instansi Anda di komputer ini</source>
      <translation>All of your agency's reports on this computer</translation>
    </message>
  </context>
  <context>
    <name>NewsBanner</name>
    <message>
      <source>Buka laporan</source>
      <translation>Open report</translation>
    </message>
    <message>
      <source>Tutup pemberitahuan ini</source>
      <translation>Close this notice</translation>
    </message>
    <message>
      <source>Tutup pemberitahuan</source>
      <translation>Close notice</translation>
    </message>
    <message numerus="yes">
      <source> dan %n lainnya</source>
      <translation>
        <numerusform> and %n more</numerusform>
        <numerusform> and %n more</numerusform>
      </translation>
    </message>
    <message>
      <source>Sinkronisasi membawa: %1</source>
      <translation>Sync brought: %1</translation>
    </message>
  </context>
  <context>
    <name>ReceiptPreview</name>
    <message>
      <source>Cetak tanda terima %1</source>
      <translation>Print receipt %1</translation>
    </message>
    <message>
      <source>Tanda terima laporan</source>
      <translation>Report receipt</translation>
    </message>
    <message>
      <source>Sertakan lembar arsip kantor (halaman 2)</source>
      <translation>Include the office's file copy (page 2)</translation>
    </message>
    <message>
      <source>Halaman 1 untuk pelapor, halaman 2 untuk arsip kantor. Tanda tangani keduanya.</source>
      <translation>Page 1 is for the reporter, page 2 for the office's file. Sign both.</translation>
    </message>
    <message>
      <source>Cetak…</source>
      <translation>Print…</translation>
    </message>
    <message>
      <source>Pilih pencetak lalu cetak</source>
      <translation>Choose a printer, then print</translation>
    </message>
    <message>
      <source>Simpan PDF…</source>
      <translation>Save PDF…</translation>
    </message>
    <message>
      <source>Untuk kantor tanpa pencetak: simpan lalu cetak nanti</source>
      <translation>For offices without a printer: save now, print later</translation>
    </message>
    <message>
      <source>Tutup</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Perbesar</source>
      <translation>Zoom in</translation>
    </message>
    <message>
      <source>Perkecil</source>
      <translation>Zoom out</translation>
    </message>
    <message>
      <source>Seluruh halaman</source>
      <translation>Whole page</translation>
    </message>
    <message>
      <source>Cetak tanda terima</source>
      <translation>Print receipt</translation>
    </message>
    <message>
      <source>Pencetak tidak dapat dipakai. Periksa pencetak, atau simpan PDF.</source>
      <translation>The printer cannot be used. Check the printer, or save a PDF.</translation>
    </message>
    <message>
      <source>Simpan tanda terima sebagai PDF</source>
      <translation>Save receipt as PDF</translation>
    </message>
    <message>
      <source>Dokumen PDF (*.pdf)</source>
      <translation>PDF document (*.pdf)</translation>
    </message>
    <message>
      <source>Berkas tidak dapat disimpan di %1. Pilih folder lain.</source>
      <translation>The file cannot be saved in %1. Choose another folder.</translation>
    </message>
  </context>
  <context>
    <name>RegionPicker</name>
    <message>
      <source>contoh 13.06.01.2001</source>
      <translation>e.g. 13.06.01.2001</translation>
    </message>
    <message>
      <source>ketik nama kecamatan</source>
      <translation>type the district's name</translation>
    </message>
    <message>
      <source>Kecamatan dan desa/kelurahan %1</source>
      <translation>Districts and villages of %1</translation>
    </message>
    <message>
      <source>Daftar wilayah belum diterima dari pusat; ketik kodenya.</source>
      <translation>The list of regions has not arrived from the hub yet; type the code.</translation>
    </message>
    <message>
      <source>ketik nama desa/kelurahan</source>
      <translation>type the village's name</translation>
    </message>
    <message>
      <source>pilih kecamatan dulu</source>
      <translation>choose the district first</translation>
    </message>
    <message>
      <source>“%1” tidak ada dalam daftar.</source>
      <translation>“%1” is not on the list.</translation>
    </message>
  </context>
  <context>
    <name>ReportPane</name>
    <message>
      <source>Rahasia</source>
      <translation>Confidential</translation>
    </message>
    <message>
      <source>Pelapor</source>
      <translation>Reporter</translation>
    </message>
    <message>
      <source>Tulis tindak lanjut</source>
      <translation>Write follow-up</translation>
    </message>
    <message>
      <source>&amp;Tugaskan…</source>
      <translation>&amp;Assign…</translation>
    </message>
    <message>
      <source>Pilih petugas kantor ini yang menangani laporan</source>
      <translation>Choose the officer of this office who handles the report</translation>
    </message>
    <message>
      <source>Cetak &amp;surat…</source>
      <translation>Print &amp;letter…</translation>
    </message>
    <message>
      <source>Tindak lanjut yang terbit sebagai surat berkop kantor, ke printer atau PDF</source>
      <translation>The published follow-up as a letter on the office's letterhead, to a printer or PDF</translation>
    </message>
    <message>
      <source>Cetak…</source>
      <translation>Print…</translation>
    </message>
    <message>
      <source>Simpan sebagai PDF…</source>
      <translation>Save as PDF…</translation>
    </message>
    <message>
      <source>&amp;Bukan kewenangan…</source>
      <translation>&amp;Not our authority…</translation>
    </message>
    <message>
      <source>Minta agar laporan dilimpahkan ke instansi yang berwenang</source>
      <translation>Ask for the report to be handed off to the competent agency</translation>
    </message>
    <message>
      <source>Isi laporan</source>
      <translation>Report text</translation>
    </message>
    <message>
      <source>Lampiran</source>
      <translation>Attachments</translation>
    </message>
    <message>
      <source>Riwayat</source>
      <translation>History</translation>
    </message>
    <message>
      <source>Tindak lanjut</source>
      <translation>Follow-ups</translation>
    </message>
    <message>
      <source>Wilayah</source>
      <translation>Region</translation>
    </message>
    <message>
      <source>SP4N-LAPOR!</source>
      <translation>SP4N-LAPOR!</translation>
    </message>
    <message>
      <source>Kecamatan %1, %2</source>
      <translation>%1 district, %2</translation>
    </message>
    <message>
      <source>%1, Kecamatan %2, %3</source>
      <translation>%1, %2 district, %3</translation>
    </message>
    <message>
      <source>Permintaan pelimpahan menunggu dikirim ke pusat.</source>
      <translation>The hand-off request is waiting to be sent to the hub.</translation>
    </message>
    <message>
      <source>Pelimpahan sudah diminta; menunggu keputusan admin nasional. Laporan tetap di kantor Anda sampai diputuskan.</source>
      <translation>A hand-off was requested; waiting for the national admin's decision. The report stays with your office until then.</translation>
    </message>
    <message>
      <source>Permintaan pelimpahan ditolak admin nasional: laporan ini tetap tugas kantor Anda. Alasannya ada di riwayat.</source>
      <translation>The national admin refused the hand-off: this report remains your office's task. The reason is in the history.</translation>
    </message>
    <message>
      <source>Simpan surat tindak lanjut</source>
      <translation>Save the follow-up letter</translation>
    </message>
    <message>
      <source>Dokumen PDF (*.pdf)</source>
      <translation>PDF document (*.pdf)</translation>
    </message>
    <message>
      <source>Surat tidak dapat disimpan di %1. Pilih folder lain.</source>
      <translation>The letter cannot be saved in %1. Choose another folder.</translation>
    </message>
    <message>
      <source>Pilih laporan di daftar untuk melihat isinya.</source>
      <translation type="vanished">Choose a report in the list to see it.</translation>
    </message>
    <message>
      <source>Laporan ini tidak lagi ada di komputer ini.</source>
      <translation>This report is no longer on this computer.</translation>
    </message>
    <message>
      <source>(belum ada)</source>
      <translation>(none yet)</translation>
    </message>
    <message>
      <source>No. Pelacakan %1</source>
      <translation>Tracking no. %1</translation>
    </message>
    <message>
      <source>–</source>
      <translation>–</translation>
    </message>
    <message>
      <source> (sejak %1)</source>
      <translation> (since %1)</translation>
    </message>
    <message>
      <source>Belum didisposisikan</source>
      <translation>Not assigned yet</translation>
    </message>
    <message>
      <source>No. Pelacakan </source>
      <translation type="vanished">Tracking no. </translation>
    </message>
    <message>
      <source>Pilih laporan di daftar untuk melihat rinciannya.
Gunakan Ctrl+J dan Ctrl+K untuk berpindah antarlaporan.</source>
      <translation>Choose a report in the list to see its details.
Use Ctrl+J and Ctrl+K to move between reports.</translation>
    </message>
    <message>
      <source>Klasifikasi</source>
      <translation>Classification</translation>
    </message>
    <message>
      <source>Kategori</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>Kanal</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>Disposisi</source>
      <translation>Disposition</translation>
    </message>
    <message>
      <source>Petugas</source>
      <translation>Officer</translation>
    </message>
    <message>
      <source>Batas tindak lanjut</source>
      <translation>Follow-up due</translation>
    </message>
    <message>
      <source>Kode wilayah</source>
      <translation type="vanished">Region code</translation>
    </message>
    <message>
      <source>Alamat lokasi</source>
      <translation>Location address</translation>
    </message>
    <message>
      <source>Tanggal kejadian</source>
      <translation>Incident date</translation>
    </message>
    <message>
      <source>Diterima</source>
      <translation>Received</translation>
    </message>
    <message>
      <source>Belum ditugaskan</source>
      <translation>Not assigned</translation>
    </message>
    <message>
      <source>Status: </source>
      <translation type="vanished">Status: </translation>
    </message>
  </context>
  <context>
    <name>ReporterIdentity</name>
    <message>
      <source>Pelapor anonim</source>
      <translation>Anonymous reporter</translation>
    </message>
    <message>
      <source>Identitas pelapor tidak ditampilkan untuk peran Anda</source>
      <translation>The reporter's identity is not shown for your role</translation>
    </message>
    <message>
      <source>NIK</source>
      <translation>NIK (ID number)</translation>
    </message>
    <message>
      <source>Telepon</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>Surel</source>
      <translation type="vanished">Email</translation>
    </message>
    <message>
      <source>Alamat</source>
      <translation>Address</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>Email</translation>
    </message>
  </context>
  <context>
    <name>ReturnDialog</name>
    <message>
      <source>Kembalikan tindak lanjut</source>
      <translation>Return follow-up</translation>
    </message>
    <message>
      <source>Apa yang perlu diperbaiki petugas?</source>
      <translation>What should the officer correct?</translation>
    </message>
    <message>
      <source>Kembalikan</source>
      <translation>Return</translation>
    </message>
    <message>
      <source>Batal</source>
      <translation type="vanished">Cancel</translation>
    </message>
    <message>
      <source>Catatan untuk petugas:</source>
      <translation>Note for the officer:</translation>
    </message>
    <message>
      <source>Tulis catatan untuk petugas: apa yang perlu diperbaiki (paling sedikit 3 huruf).</source>
      <translation>Write a note for the officer: what needs correcting (at least 3 characters).</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <source>Alamat server ditolak</source>
      <translation>Server address refused</translation>
    </message>
    <message>
      <source>Pengaturan tidak valid</source>
      <translation>Invalid settings</translation>
    </message>
    <message>
      <source>Pengaturan tersimpan tidak dapat dipakai:</source>
      <translation>The saved settings cannot be used:</translation>
    </message>
    <message>
      <source>Bahasa</source>
      <translation>Language</translation>
    </message>
    <message>
      <source>Bahasa baru dipakai setelah Anda masuk ulang. Pengaturan lain sudah berlaku. Pekerjaan yang belum terkirim tetap aman.</source>
      <translation>The new language is used once you log in again. The other settings already apply. Work not yet sent stays safe.</translation>
    </message>
    <message>
      <source>Masuk ulang sekarang</source>
      <translation>Log in again now</translation>
    </message>
    <message>
      <source>Nanti</source>
      <translation>Later</translation>
    </message>
    <message>
      <source>Bahasa baru dipakai setelah Simpul ditutup dan dibuka kembali.</source>
      <translation type="vanished">The new language is used after Simpul is closed and opened again.</translation>
    </message>
    <message>
      <source>Berkas sertifikat CA tidak ditemukan.</source>
      <translation>CA certificate file not found.</translation>
    </message>
    <message>
      <source>Selang harus bilangan bulat.</source>
      <translation>The interval must be a whole number.</translation>
    </message>
    <message>
      <source>Selang sinkron harus 1 sampai 1440 menit.</source>
      <translation>The sync interval must be 1 to 1440 minutes.</translation>
    </message>
    <message>
      <source>Bahasa harus 'id' atau 'en'.</source>
      <translation>Language must be 'id' or 'en'.</translation>
    </message>
    <message>
      <source>Nilai tidak dikenal.</source>
      <translation>Unknown value.</translation>
    </message>
    <message>
      <source>Alamat server harus diawali https:// dan memuat nama host.</source>
      <translation>The server address must start with https:// and contain a host name.</translation>
    </message>
    <message>
      <source>Gunakan https:// (http:// hanya untuk server di komputer ini).</source>
      <translation>Use https:// (http:// only for a server on this computer).</translation>
    </message>
    <message>
      <source>Proksi harus berbentuk http://host:port.</source>
      <translation>The proxy must look like http://host:port.</translation>
    </message>
    <message>
      <source>Proksi harus menyebut nomor port, misalnya http://proxy:3128.</source>
      <translation>The proxy must include a port, e.g. http://proxy:3128.</translation>
    </message>
    <message>
      <source>Berkas pengaturan rusak; periksa atau hapus berkasnya.</source>
      <translation>The settings file is damaged; check or delete it.</translation>
    </message>
    <message>
      <source>Pengaturan</source>
      <translation type="vanished">Settings</translation>
    </message>
    <message>
      <source>Pengaturan tersimpan. Perubahan dipakai setelah Simpul ditutup dan dibuka kembali.</source>
      <translation type="vanished">Settings saved. Changes take effect after Simpul is closed and opened again.</translation>
    </message>
    <message>
      <source>Format nomor surat memuat kolom yang tidak dikenal: %1</source>
      <translation>The letter number format has an unknown field: %1</translation>
    </message>
    <message>
      <source>Ukuran huruf harus 8 sampai 24 poin (0 = bawaan).</source>
      <translation>Text size must be 8 to 24 points (0 = the system's).</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Pengaturan</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>kosong = sertifikat bawaan sistem</source>
      <translation type="vanished">empty = the system's certificates</translation>
    </message>
    <message>
      <source>Pilih…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>kosong = tanpa proksi; contoh http://proxy:3128</source>
      <translation type="vanished">empty = no proxy; e.g. http://proxy:3128</translation>
    </message>
    <message>
      <source>kosong = sertifikat yang dipercaya sistem operasi (termasuk sertifikat kantor)</source>
      <translation>empty = the certificates the operating system trusts (including the office's)</translation>
    </message>
    <message>
      <source>contoh http://proxy:3128; bila diisi, dipakai</source>
      <translation>e.g. http://proxy:3128; used when filled in</translation>
    </message>
    <message>
      <source>Gunakan proksi sistem operasi bila kolom di atas kosong</source>
      <translation>Use the operating system's proxy when the field above is empty</translation>
    </message>
    <message>
      <source> menit</source>
      <translation> minutes</translation>
    </message>
    <message>
      <source>Ikuti pengaturan server</source>
      <translation>Follow the server's setting</translation>
    </message>
    <message>
      <source>Ya, cuti bersama adalah hari libur</source>
      <translation>Yes, collective leave days are holidays</translation>
    </message>
    <message>
      <source>Tidak, cuti bersama dihitung hari kerja</source>
      <translation>No, collective leave days are working days</translation>
    </message>
    <message>
      <source>PEMERINTAH KABUPATEN …
DINAS …
Jalan …, telepon …</source>
      <translation>PEMERINTAH KABUPATEN …
DINAS …
Jalan …, telepon …</translation>
    </message>
    <message>
      <source>Dicetak di atas surat tindak lanjut dan tanda terima loket, baris demi baris</source>
      <translation>Printed at the top of follow-up letters and walk-in desk receipts, line by line</translation>
    </message>
    <message>
      <source>Kolom: {tracking} nomor pelacakan, {year} tahun, {month} bulan, {roman_month} bulan Romawi</source>
      <translation>Fields: {tracking} tracking number, {year} year, {month} month, {roman_month} month in Roman numerals</translation>
    </message>
    <message>
      <source>Bawaan sistem</source>
      <translation>System default</translation>
    </message>
    <message>
      <source> poin</source>
      <translation> pt</translation>
    </message>
    <message>
      <source>Alamat server:</source>
      <translation>Server address:</translation>
    </message>
    <message>
      <source>Sertifikat CA (PEM):</source>
      <translation>CA certificate (PEM):</translation>
    </message>
    <message>
      <source>Proksi:</source>
      <translation>Proxy:</translation>
    </message>
    <message>
      <source>Sinkron otomatis setiap:</source>
      <translation>Sync automatically every:</translation>
    </message>
    <message>
      <source>Bahasa:</source>
      <translation>Language:</translation>
    </message>
    <message>
      <source>Ukuran huruf:</source>
      <translation>Text size:</translation>
    </message>
    <message>
      <source>Pengaturan berlaku begitu disimpan; bahasa baru dipakai setelah masuk ulang.</source>
      <translation>Settings apply as soon as they are saved; a new language after logging in again.</translation>
    </message>
    <message>
      <source>Perubahan bahasa berlaku setelah Simpul dibuka ulang.</source>
      <translation type="vanished">A language change applies after Simpul is restarted.</translation>
    </message>
    <message>
      <source>Cuti bersama:</source>
      <translation>Collective leave (cuti bersama):</translation>
    </message>
    <message>
      <source>Kop surat:</source>
      <translation>Letterhead:</translation>
    </message>
    <message>
      <source>Format nomor surat:</source>
      <translation>Letter number format:</translation>
    </message>
    <message>
      <source>Simpan</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>Batal</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Pilih sertifikat CA</source>
      <translation>Choose CA certificate</translation>
    </message>
    <message>
      <source>Sertifikat (*.pem *.crt);;Semua (*)</source>
      <translation>Certificates (*.pem *.crt);;All (*)</translation>
    </message>
  </context>
  <context>
    <name>Shortcuts</name>
    <message>
      <source>Sinkronkan sekarang</source>
      <translation>Sync now</translation>
    </message>
    <message>
      <source>Cari laporan</source>
      <translation>Search reports</translation>
    </message>
    <message>
      <source>Tulis tindak lanjut untuk laporan terbuka</source>
      <translation>Write a follow-up for the open report</translation>
    </message>
    <message>
      <source>Laporan berikutnya</source>
      <translation>Next report</translation>
    </message>
    <message>
      <source>Laporan sebelumnya</source>
      <translation>Previous report</translation>
    </message>
    <message>
      <source>Buka kotak laporan</source>
      <translation>Open the report boxes</translation>
    </message>
    <message>
      <source>Buka log sinkronisasi</source>
      <translation>Open the sync log</translation>
    </message>
    <message>
      <source>Pengaturan</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>Daftar pintasan papan ketik</source>
      <translation>List of keyboard shortcuts</translation>
    </message>
    <message>
      <source>Keluar</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>Penyunting tindak lanjut: kirim untuk persetujuan</source>
      <translation>Follow-up editor: send for approval</translation>
    </message>
    <message>
      <source>Antrean persetujuan: setujui dan terbitkan</source>
      <translation>Approval queue: approve and publish</translation>
    </message>
    <message>
      <source>Antrean persetujuan: kembalikan ke petugas</source>
      <translation>Approval queue: return to the officer</translation>
    </message>
    <message>
      <source>Laporan: tugaskan ke petugas (atasan)</source>
      <translation>Report: assign to an officer (supervisors)</translation>
    </message>
    <message>
      <source>Loket: simpan pengaduan</source>
      <translation>Walk-in desk: save the complaint</translation>
    </message>
    <message>
      <source>Loket: cetak ulang tanda terima yang dipilih</source>
      <translation>Desk: reprint the chosen receipt</translation>
    </message>
  </context>
  <context>
    <name>ShortcutsDialog</name>
    <message>
      <source>Pintasan Papan Ketik</source>
      <translation>Keyboard Shortcuts</translation>
    </message>
    <message>
      <source>Tombol</source>
      <translation>Keys</translation>
    </message>
    <message>
      <source>Tindakan</source>
      <translation>Action</translation>
    </message>
    <message>
      <source> atau </source>
      <translation> or </translation>
    </message>
    <message>
      <source>Tutup</source>
      <translation>Close</translation>
    </message>
  </context>
  <context>
    <name>SyncLogView</name>
    <message>
      <source>Muat ulang</source>
      <translation>Reload</translation>
    </message>
    <message>
      <source>Baca ulang daftar ini (tidak menyinkronkan; untuk itu Ctrl+R)</source>
      <translation>Read this list again (does not sync; for that press Ctrl+R)</translation>
    </message>
    <message>
      <source>Tidak ada yang menunggu dikirim. Perubahan yang Anda simpan muncul di sini sampai pusat menerimanya.</source>
      <translation>Nothing is waiting to be sent. Changes you save appear here until the central server accepts them.</translation>
    </message>
    <message>
      <source>Belum ada permintaan ke pusat. Tekan Ctrl+R untuk sinkron sekarang.</source>
      <translation>No requests to the central server yet. Press Ctrl+R to sync now.</translation>
    </message>
    <message>
      <source>Kotak keluar (belum selesai)</source>
      <translation>Outbox (not finished)</translation>
    </message>
    <message>
      <source>Riwayat permintaan ke pusat</source>
      <translation>Requests to the central server</translation>
    </message>
    <message>
      <source>Detail teknis</source>
      <translation>Technical details</translation>
    </message>
    <message>
      <source>Semua perubahan sudah terkirim ke pusat.</source>
      <translation>All changes have reached the central server.</translation>
    </message>
    <message>
      <source>Menunggu dikirim: %1 · Sedang dikirim: %2 · Konflik: %3 · Ditolak server: %4</source>
      <translation type="vanished">Waiting: %1 · Sending: %2 · Conflicts: %3 · Rejected by server: %4</translation>
    </message>
    <message>
      <source>Perubahan yang konflik atau ditolak menunggu keputusan Anda di halaman Konflik.</source>
      <translation>Conflicting or rejected changes wait for your decision on the Conflicts page.</translation>
    </message>
    <message>
      <source>Kembalikan tindak lanjut</source>
      <translation>Return follow-up</translation>
    </message>
    <message>
      <source>Pengaduan loket baru</source>
      <translation>New walk-in complaint</translation>
    </message>
    <message>
      <source>Permintaan pengalihan</source>
      <translation>Handoff request</translation>
    </message>
    <message>
      <source>Kirim tindak lanjut</source>
      <translation>Send follow-up</translation>
    </message>
    <message>
      <source>Tarik tindak lanjut</source>
      <translation>Withdraw follow-up</translation>
    </message>
    <message>
      <source>Setujui tindak lanjut</source>
      <translation>Approve follow-up</translation>
    </message>
    <message>
      <source>Terkirim</source>
      <translation>Sent</translation>
    </message>
    <message>
      <source>Waktu</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>Permintaan</source>
      <translation>Request</translation>
    </message>
    <message>
      <source>gagal</source>
      <translation type="vanished">failed</translation>
    </message>
    <message>
      <source>Durasi</source>
      <translation>Duration</translation>
    </message>
    <message>
      <source>Galat</source>
      <translation type="vanished">Error</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>No.</translation>
    </message>
    <message>
      <source>Perubahan</source>
      <translation>Change</translation>
    </message>
    <message>
      <source>Keadaan</source>
      <translation>State</translation>
    </message>
    <message>
      <source>Percobaan</source>
      <translation>Attempts</translation>
    </message>
    <message>
      <source>Dibuat</source>
      <translation>Created</translation>
    </message>
    <message>
      <source>Keterangan</source>
      <translation>Details</translation>
    </message>
    <message>
      <source>Penugasan petugas</source>
      <translation>Officer assignment</translation>
    </message>
    <message>
      <source>Kesalahan</source>
      <translation>Error</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Details</translation>
    </message>
    <message>
      <source>Apa yang dilakukan</source>
      <translation>What was done</translation>
    </message>
    <message>
      <source>Hasil</source>
      <translation>Result</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>Data</translation>
    </message>
    <message>
      <source>Laporan</source>
      <translation>Report</translation>
    </message>
    <message>
      <source>Periksa sambungan ke pusat</source>
      <translation>Check the connection to the centre</translation>
    </message>
    <message>
      <source>Masuk ke pusat</source>
      <translation>Log in to the centre</translation>
    </message>
    <message>
      <source>Perpanjang sesi</source>
      <translation>Renew the session</translation>
    </message>
    <message>
      <source>Keluar dari pusat</source>
      <translation>Log out of the centre</translation>
    </message>
    <message>
      <source>Ambil perubahan dari pusat</source>
      <translation>Fetch changes from the centre</translation>
    </message>
    <message>
      <source>Kirim perubahan ke pusat</source>
      <translation>Send changes to the centre</translation>
    </message>
    <message>
      <source>Ambil data acuan (kategori, templat, hari libur)</source>
      <translation>Fetch reference data (categories, templates, holidays)</translation>
    </message>
    <message>
      <source>Kirim catatan akses identitas pelapor</source>
      <translation>Send the record of who saw reporters' identities</translation>
    </message>
    <message>
      <source>Unggah lampiran</source>
      <translation>Upload attachment</translation>
    </message>
    <message>
      <source>Unduh lampiran</source>
      <translation>Download attachment</translation>
    </message>
    <message>
      <source>Permintaan lain ke pusat</source>
      <translation>Other request to the centre</translation>
    </message>
    <message>
      <source>Tidak tersambung</source>
      <translation>Not connected</translation>
    </message>
    <message>
      <source>Berhasil</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>Sesi berakhir; masuk ulang</source>
      <translation>Session ended; log in again</translation>
    </message>
    <message>
      <source>Ditolak: tidak berwenang</source>
      <translation>Refused: not authorised</translation>
    </message>
    <message>
      <source>Berbenturan dengan data di pusat</source>
      <translation>Clashes with the data at the centre</translation>
    </message>
    <message>
      <source>Versi aplikasi perlu diperbarui</source>
      <translation>This app version must be updated</translation>
    </message>
    <message>
      <source>Pusat sibuk; dicoba lagi nanti</source>
      <translation>The centre is busy; tried again later</translation>
    </message>
    <message>
      <source>Pusat sedang bermasalah</source>
      <translation>The centre has a problem</translation>
    </message>
    <message>
      <source>Ditolak pusat</source>
      <translation>Refused by the centre</translation>
    </message>
    <message>
      <source>Jawaban tidak dikenali</source>
      <translation>Answer not recognised</translation>
    </message>
    <message>
      <source>Waktu (UTC)</source>
      <translation>Time (UTC)</translation>
    </message>
    <message>
      <source>Status HTTP</source>
      <translation>HTTP status</translation>
    </message>
    <message>
      <source>Terkirim / diterima</source>
      <translation>Sent / received</translation>
    </message>
    <message>
      <source>Tanda terima %1</source>
      <translation>Receipt %1</translation>
    </message>
    <message>
      <source>(belum ada nomor)</source>
      <translation>(no number yet)</translation>
    </message>
    <message>
      <source>Berbenturan dengan versi di pusat; pilih penyelesaian di halaman Konflik</source>
      <translation>Clashes with the centre's version; choose a resolution on the Conflicts page</translation>
    </message>
    <message>
      <source>Ditolak pusat; lihat halaman Konflik</source>
      <translation>Refused by the centre; see the Conflicts page</translation>
    </message>
    <message>
      <source>Menunggu giliran dikirim</source>
      <translation>Waiting its turn to be sent</translation>
    </message>
    <message>
      <source>Menunggu perubahan sebelumnya pada laporan yang sama</source>
      <translation>Waiting for an earlier change to the same report</translation>
    </message>
    <message>
      <source>Lampiran diunggah ulang lebih dulu</source>
      <translation>The attachment is uploaded again first</translation>
    </message>
    <message>
      <source>Dikirim ulang: pusat dipulihkan dari cadangan</source>
      <translation>Sent again: the centre was restored from a backup</translation>
    </message>
    <message>
      <source>Pengiriman belum berhasil; dicoba lagi otomatis</source>
      <translation>Not sent yet; tried again automatically</translation>
    </message>
    <message>
      <source>Operasi</source>
      <translation>Operation</translation>
    </message>
    <message>
      <source>Coba lagi</source>
      <translation>Next try</translation>
    </message>
    <message>
      <source>Kesalahan terakhir</source>
      <translation>Last error</translation>
    </message>
  </context>
  <context>
    <name>SyncNews</name>
    <message numerus="yes">
      <source>%n laporan baru</source>
      <translation>
        <numerusform>%n new report</numerusform>
        <numerusform>%n new reports</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n tindak lanjut dikembalikan</source>
      <translation>
        <numerusform>%n follow-up returned</numerusform>
        <numerusform>%n follow-ups returned</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n balasan pelapor</source>
      <translation>
        <numerusform>%n reply from a reporter</numerusform>
        <numerusform>%n replies from reporters</numerusform>
      </translation>
    </message>
    <message>
      <source>Simpul: ada kabar baru</source>
      <translation>Simpul: news</translation>
    </message>
    <message numerus="yes">
      <source> dan %n lainnya</source>
      <translation>
        <numerusform> and %n more</numerusform>
        <numerusform> and %n more</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SyncStatusBar</name>
    <message>
      <source>Sinkron terakhir gagal (lihat log)</source>
      <translation>Last sync failed (see log)</translation>
    </message>
    <message>
      <source>Terhubung</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>Luring (tanpa koneksi)</source>
      <translation>Offline (no connection)</translation>
    </message>
    <message>
      <source>Menyinkronkan…</source>
      <translation>Syncing…</translation>
    </message>
    <message>
      <source>Sinkron bermasalah</source>
      <translation>Sync problem</translation>
    </message>
    <message>
      <source>Perlu masuk ulang</source>
      <translation>Login needed</translation>
    </message>
    <message>
      <source>Belum pernah sinkron</source>
      <translation>Never synced</translation>
    </message>
    <message>
      <source>Terakhir sinkron baru saja</source>
      <translation>Last synced just now</translation>
    </message>
    <message numerus="yes">
      <source>Terakhir sinkron %n menit lalu</source>
      <translation>
        <numerusform>Last synced %n minute ago</numerusform>
        <numerusform>Last synced %n minutes ago</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Terakhir sinkron %n jam lalu</source>
      <translation>
        <numerusform>Last synced %n hour ago</numerusform>
        <numerusform>Last synced %n hours ago</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Terakhir sinkron %n hari lalu</source>
      <translation>
        <numerusform>Last synced %n day ago</numerusform>
        <numerusform>Last synced %n days ago</numerusform>
      </translation>
    </message>
    <message>
      <source>Semua perubahan terkirim</source>
      <translation>All changes sent</translation>
    </message>
    <message numerus="yes">
      <source>%n perubahan belum terkirim</source>
      <translation>
        <numerusform>%n change not sent yet</numerusform>
        <numerusform>%n changes not sent yet</numerusform>
      </translation>
    </message>
    <message>
      <source>Klik untuk membuka log sinkronisasi</source>
      <translation>Click to open the sync log</translation>
    </message>
    <message>
      <source>Memeriksa koneksi</source>
      <translation>Checking connection</translation>
    </message>
    <message>
      <source>Masuk ke server</source>
      <translation>Logging in to the server</translation>
    </message>
    <message>
      <source>Mengunggah lampiran</source>
      <translation>Uploading attachments</translation>
    </message>
    <message>
      <source>Mengirim perubahan</source>
      <translation>Sending changes</translation>
    </message>
    <message>
      <source>Mengambil laporan</source>
      <translation>Fetching reports</translation>
    </message>
    <message>
      <source>Memperbarui data rujukan</source>
      <translation>Updating reference data</translation>
    </message>
    <message>
      <source>Hubungan dengan server pusat. Tanpa koneksi pun Anda tetap bisa bekerja.</source>
      <translation>Connection to the central server. You can keep working without one.</translation>
    </message>
    <message>
      <source>Perubahan dikirim otomatis saat tersambung; Ctrl+R untuk sinkron sekarang</source>
      <translation>Changes are sent automatically when online; Ctrl+R to sync now</translation>
    </message>
    <message>
      <source>Laporan baru diambil dari pusat setiap sinkronisasi</source>
      <translation>New reports are fetched from the central server at every sync</translation>
    </message>
    <message numerus="yes">
      <source>%n perubahan tertahan, perlu keputusan Anda</source>
      <translation>
        <numerusform>%n change held back, needs your decision</numerusform>
        <numerusform>%n changes held back, need your decision</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>w</name>
    <message>
      <source>Menunggu dikirim</source>
      <translation>Waiting to be sent</translation>
    </message>
    <message>
      <source>Terkirim ke pusat</source>
      <translation>Sent to the central server</translation>
    </message>
    <message>
      <source>Konflik: lihat halaman Konflik</source>
      <translation>Conflict: see the Conflicts page</translation>
    </message>
    <message>
      <source>Konflik</source>
      <translation type="vanished">Conflicts</translation>
    </message>
    <message>
      <source>Ditolak server</source>
      <translation>Rejected by server</translation>
    </message>
    <message>
      <source>Konflik dengan versi server</source>
      <translation>Conflicts with the server's version</translation>
    </message>
  </context>
</TS>