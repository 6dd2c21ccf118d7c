package dev.provision.guest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * wsl.exe ends its error code with a symbolic name when the HRESULT is in g_commonErrors (microsoft/WSL
 * src/windows/common/wslutil.cpp), with the hex code otherwise: both spellings of one error get one cause. The hex
 * values of the WSL_E_ names are those of microsoft/WSL src/windows/service/inc/wslservice.idl.
 */
class WslErrorsTest {
    private static final VmContext NESTED = new VmContext(true, null);

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Error code: Wsl/Service/CreateInstance/CreateVm/HCS_E_SERVICE_NOT_AVAILABLE       | Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370114
            Error code: Wsl/Service/CreateInstance/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED    | Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102
            Error code: Wsl/Service/CreateInstance/WSL_E_VIRTUAL_MACHINE_PLATFORM_REQUIRED    | Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102
            Error code: Wsl/Service/CreateInstance/0x8004032d                                 | Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102
            Error code: Wsl/Service/CreateInstance/WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED      | Error code: Wsl/Service/CreateInstance/0x8007019e
            Error code: Wsl/Service/CreateInstance/0x80040321                                 | Error code: Wsl/Service/CreateInstance/0x8007019e
            Error code: Wsl/Service/0x80040302                                                | Error code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND
            Error code: Wsl/Service/WSL_E_LOCAL_SYSTEM_NOT_SUPPORTED                          | wsl: runs as LocalSystem or as an unknown user, and WSL cannot run as LocalSystem
            Running WSL as local system is not supported. Error code: Wsl/Service/0x8004032e  | wsl: runs as LocalSystem or as an unknown user, and WSL cannot run as LocalSystem
            """)
    void aSymbolicNameAndItsHexCodeGetTheSameCauseAndRemedy(String symbolic, String known) {
        assertNotEquals("WSL 2 did not boot", WslErrors.cause(known, NESTED), "the known form has a cause");
        assertEquals(WslErrors.cause(known, NESTED), WslErrors.cause(symbolic, NESTED));
        assertEquals(WslErrors.remedy(known, NESTED), WslErrors.remedy(symbolic, NESTED));
        assertEquals(WslErrors.virtualizationMissing(known), WslErrors.virtualizationMissing(symbolic));
    }
}
